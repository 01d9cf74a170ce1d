package vm

import (
	"fmt"
	"reflect"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// Confinement: can a script's calls change anything that outlives their
// runtime's reset, other than the global bindings the reset puts back?
//
// What persists in a runtime between calls is the global object and every
// object reachable from it: the built-ins (constructors, prototypes,
// iterator and generator prototypes), the Tyk API (the TykJS namespace and
// its prototypes), the scripts' top-level bindings and, while the runtime
// is only restored rather than replayed, the top-level function objects.
// The reset restores the bindings; the scripts' own objects are made again
// by replaying their top level. A script is confined when no call can hold
// a reference to a built-in or API object except to call it in a way that
// changes nothing — then restoring the bindings (and replaying) is the same
// as a new runtime. Every other script gets a new runtime after every call.
//
// The analysis follows values syntactically. An expression "may be
// built-in" (tainted) when it names a built-in or API global, reads a
// property under a name some built-in object holds an object under (see
// builtinCensus; `length` or `Headers` are not such names, `push` and
// `constructor` are), reads a computed property (`o[k]` can be
// `o["__proto__"]`), or reads a variable that was once given a tainted
// value. A tainted value may only be consumed as a primitive (compared,
// converted, tested, interpolated) or have a few non-mutating,
// primitive-returning methods called on it; storing it, passing it to a
// function, returning or throwing it, writing one of its properties or
// calling any other method on it makes the script unconfined. Some reaches
// are refused outright: `this` outside strict functions (the global object),
// eval, Function, Reflect, globalThis, with, new.target, reads of
// `__proto__`, `constructor`, `prototype` (of anything but the script's own
// functions), `callee` and `caller`, and computed method calls. Syntax the
// analysis does not know makes a script unconfined.
//
// By induction, a value no tainted expression produced is one the scripts
// made: a call result (user functions cannot return tainted values, and the
// allowed built-in calls return new objects or primitives), an object
// literal, an API result. So writes through untainted references only reach
// the scripts' own objects, which the replay makes again.

// dangerNames are property names whose read gives a prototype, a
// constructor (Function) or a function object without naming it.
var dangerNames = map[string]bool{
	"__proto__": true, "constructor": true, "prototype": true, "callee": true, "caller": true,
	"__defineGetter__": true, "__defineSetter__": true, "__lookupGetter__": true, "__lookupSetter__": true,
}

// refusedGlobals reach the global object or run unanalysed code.
var refusedGlobals = map[string]bool{"globalThis": true, "eval": true, "Function": true, "Reflect": true}

// outboundGlobals are the API functions whose result depends on the world;
// a replay (which runs them silently) could not reproduce them.
var outboundGlobals = map[string]bool{
	"TykMakeHttpRequest": true, "TykBatchRequest": true, "TykGetKeyData": true, "TykSetKeyData": true,
}

// consumers are global functions that only convert their arguments.
var consumers = map[string]bool{
	"String": true, "Number": true, "Boolean": true, "parseInt": true, "parseFloat": true, "isNaN": true,
	"isFinite": true, "encodeURI": true, "encodeURIComponent": true, "decodeURI": true,
	"decodeURIComponent": true, "escape": true, "unescape": true, "log": true, "rawlog": true,
	"b64enc": true, "b64dec": true, "rawb64enc": true, "rawb64dec": true,
}

// staticMethods are built-in functions called through their namespace that
// return new objects or primitives and change nothing but their arguments.
var staticMethods = map[string]map[string]bool{
	"Object": set("keys", "values", "entries", "assign", "freeze", "isFrozen", "seal", "isSealed",
		"preventExtensions", "isExtensible", "create", "defineProperty", "defineProperties",
		"getOwnPropertyNames", "getOwnPropertyDescriptor", "getOwnPropertyDescriptors",
		"getOwnPropertySymbols", "fromEntries", "is", "setPrototypeOf", "hasOwn"),
	"Array":       set("isArray", "from", "of"),
	"JSON":        set("parse", "stringify"),
	"Number":      set("isInteger", "isFinite", "isNaN", "isSafeInteger", "parseFloat", "parseInt"),
	"String":      set("fromCharCode", "fromCodePoint", "raw"),
	"Date":        set("now", "parse", "UTC"),
	"Symbol":      set("for", "keyFor"),
	"Promise":     set("resolve", "reject", "all", "race", "allSettled", "any"),
	"ArrayBuffer": set("isView"),
	"Math": set("abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "atan2", "cbrt", "ceil", "clz32",
		"cos", "cosh", "exp", "expm1", "floor", "fround", "hypot", "imul", "log", "log1p", "log10", "log2",
		"max", "min", "pow", "random", "round", "sign", "sin", "sinh", "sqrt", "tan", "tanh", "trunc"),
}

// staticConsumers are static methods (listed in staticMethods) that only
// read their arguments as primitives, keys or flags, so a tainted argument
// is allowed (JSON.stringify only without a replacer, which would be handed
// the argument's nested objects).
var staticConsumers = map[string]map[string]bool{
	"Object": set("keys", "getOwnPropertyNames", "getOwnPropertySymbols", "isFrozen", "isSealed",
		"isExtensible", "is", "hasOwn"),
	"Array":  set("isArray"),
	"JSON":   set("stringify"),
	"Number": staticMethods["Number"],
	"Math":   staticMethods["Math"],
	"String": set("fromCharCode", "fromCodePoint"),
}

// protoCalls are `C.prototype.m.call(…)` / `.apply(…)` idioms that borrow a
// non-mutating method.
var protoCalls = map[string]map[string]bool{
	"Object": set("hasOwnProperty", "propertyIsEnumerable", "toString", "isPrototypeOf"),
	"Array":  set("slice", "join", "indexOf", "includes", "map", "forEach", "filter", "some", "every", "reduce", "concat"),
	"String": set("slice", "indexOf", "toLowerCase", "toUpperCase", "trim", "split", "charAt", "charCodeAt"),
}

// primitiveMethods may be called on a tainted value: whatever the receiver,
// they change nothing (beyond a user regexp's lastIndex) and return a
// primitive or a new object made from it.
var primitiveMethods = set("toString", "toLocaleString", "toLowerCase", "toUpperCase", "toLocaleLowerCase",
	"toLocaleUpperCase", "trim", "trimStart", "trimEnd", "trimLeft", "trimRight", "charAt", "charCodeAt",
	"codePointAt", "indexOf", "lastIndexOf", "includes", "startsWith", "endsWith", "join", "toFixed",
	"toPrecision", "toExponential", "padStart", "padEnd", "repeat", "substring", "substr", "localeCompare",
	"hasOwnProperty", "propertyIsEnumerable", "isPrototypeOf", "normalize", "toISOString", "getTime",
	"slice", "split", "match", "concat", "test", "exec")

// tykConstructors may be called with new (their methods set properties on
// the new object only).
var tykConstructors = set("TykJS.TykMiddleware.NewMiddleware", "TykJS.TykEventHandlers.NewEventHandler")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// confinement is the analysis's verdict on a pool's scripts.
type confinement struct {
	// reason is why the scripts are not confined ("" when they are).
	reason string
	// functionValues: a top-level function object is used other than by
	// calling it (a property written, passed, stored): restoring the
	// binding would keep its state, so the top level must be replayed.
	functionValues bool
	// outbound: the scripts call an outbound API function somewhere.
	outbound bool
}

type frame struct{ strict, arrow bool }

type confineAnalyzer struct {
	census       builtinCensus
	top          map[string]bool // names the scripts declare at the top level
	topFunctions map[string]bool // top-level function declarations
	topClasses   map[string]bool // top-level class declarations
	tainted      map[string]bool // variables that may hold a built-in object
	grew         bool
	out          confinement
	scopes       scopeStack
	frames       []frame
	// ownKeys are (object, key) variable pairs where key ranges over the
	// object's own keys (for-in, Object.keys(o).forEach): o[key] reads the
	// object's own data, not an inherited built-in.
	ownKeys []ownKey
	// proxies: the scripts name Proxy, whose ownKeys trap can list a key
	// (constructor) that a get without a trap reads from the prototype.
	proxies bool
}

type ownKey struct{ object, key string }

// analyzeConfinement runs the analysis over all of a pool's scripts at once
// (a tainted top-level variable of one is visible to the others), to a
// fixed point of the tainted variables.
func analyzeConfinement(trees []*ast.Program, c builtinCensus) confinement {
	a := &confineAnalyzer{census: c, top: map[string]bool{}, topFunctions: map[string]bool{},
		topClasses: map[string]bool{}, tainted: map[string]bool{}}
	for _, t := range trees {
		for _, n := range topLevelNames(t) {
			a.top[n] = true
		}
		for _, st := range t.Body {
			switch d := st.(type) {
			case *ast.FunctionDeclaration:
				if d.Function != nil && d.Function.Name != nil {
					a.topFunctions[d.Function.Name.Name.String()] = true
				}
			case *ast.ClassDeclaration:
				if d.Class != nil && d.Class.Name != nil {
					a.topClasses[d.Class.Name.Name.String()] = true
				}
			}
		}
	}
	for _, t := range trees {
		collectIdentifiers(reflect.ValueOf(t), func(id *ast.Identifier) {
			if id.Name == "Proxy" {
				a.proxies = true
			}
		})
	}
	// A top-level var named like a built-in global holds the built-in until
	// the script assigns it (var JSON = JSON).
	for _, t := range trees {
		declarationNames(t.DeclarationList, func(n string) {
			if c.globals[n] && !a.topFunctions[n] {
				a.tainted[n] = true
			}
		})
	}
	for {
		a.grew, a.out = false, confinement{}
		for _, t := range trees {
			a.frames = []frame{{strict: hasUseStrict(t.Body)}}
			a.scopes = nil
			a.statements(t.Body)
		}
		if !a.grew || a.out.reason != "" {
			return a.out
		}
	}
}

// topLevelNames are the var, function, let, const and class names a
// script declares at its top level.
func topLevelNames(t *ast.Program) []string {
	var names []string
	add := func(n string) { names = append(names, n) }
	declarationNames(t.DeclarationList, add)
	lexicalNames(t.Body, add)
	return names
}

func hasUseStrict(list []ast.Statement) bool {
	for _, st := range list {
		es, ok := st.(*ast.ExpressionStatement)
		if !ok {
			return false
		}
		s, ok := es.Expression.(*ast.StringLiteral)
		if !ok {
			return false
		}
		if s.Literal == `"use strict"` || s.Literal == `'use strict'` {
			return true
		}
	}
	return false
}

func (a *confineAnalyzer) fail(format string, args ...interface{}) {
	if a.out.reason == "" {
		a.out.reason = fmt.Sprintf(format, args...)
	}
}

func (a *confineAnalyzer) taint(name string) {
	if !a.tainted[name] {
		a.tainted[name] = true
		a.grew = true
	}
}

type nameKind int

const (
	nameLocal nameKind = iota
	nameTop
	nameBuiltin
	nameUnknown // an implicit global or a ReferenceError: a value the scripts made
)

func (a *confineAnalyzer) resolve(name string) nameKind {
	switch {
	case a.scopes.declares(name):
		return nameLocal
	case a.top[name]:
		return nameTop
	case a.census.globals[name]:
		return nameBuiltin
	}
	return nameUnknown
}

// escape: e's value is stored, passed, returned or thrown.
func (a *confineAnalyzer) escape(e ast.Expression) {
	if a.value(e) {
		a.fail("a value that may be a built-in object escapes at offset %d", e.Idx0())
	}
}

// consume: e's value is only used as a primitive.
func (a *confineAnalyzer) consume(e ast.Expression) { a.value(e) }

// value checks e and reports whether it may evaluate to a built-in or API
// object.
func (a *confineAnalyzer) value(e ast.Expression) bool {
	switch e := e.(type) {
	case nil:
		return false
	case *ast.Identifier:
		return a.identifier(e.Name.String())
	case *ast.StringLiteral, *ast.NumberLiteral, *ast.BooleanLiteral, *ast.NullLiteral, *ast.RegExpLiteral:
		return false
	case *ast.TemplateLiteral:
		if e.Tag != nil {
			a.call(e.Tag, e.Expressions, false)
			return false
		}
		for _, x := range e.Expressions {
			a.consume(x)
		}
		return false
	case *ast.ThisExpression:
		a.this()
		return false
	case *ast.SuperExpression:
		return true // super.x reads from a prototype
	case *ast.MetaProperty:
		a.fail("%s.%s is not analysed", e.Meta.Name, e.Property.Name)
		return true
	case *ast.ArrayLiteral:
		for _, x := range e.Value {
			a.escape(unspread(x))
		}
		return false
	case *ast.ObjectLiteral:
		a.objectLiteral(e)
		return false
	case *ast.FunctionLiteral:
		a.function(e, false)
		return false
	case *ast.ArrowFunctionLiteral:
		a.arrow(e)
		return false
	case *ast.ClassLiteral:
		a.class(e)
		return false
	case *ast.DotExpression:
		return a.member(e.Left, e.Identifier.Name.String())
	case *ast.PrivateDotExpression:
		a.consume(e.Left)
		return false
	case *ast.BracketExpression:
		if name, ok := literalKey(e.Member); ok {
			return a.member(e.Left, name)
		}
		baseTainted := a.value(e.Left)
		a.consume(e.Member)
		return baseTainted || !a.ownKeyRead(e.Left, e.Member)
	case *ast.OptionalChain:
		return a.value(e.Expression)
	case *ast.Optional:
		return a.value(e.Expression)
	case *ast.CallExpression:
		a.call(e.Callee, e.ArgumentList, false)
		return false
	case *ast.NewExpression:
		a.call(e.Callee, e.ArgumentList, true)
		return false
	case *ast.AssignExpression:
		return a.assign(e)
	case *ast.UnaryExpression:
		a.unary(e)
		return false
	case *ast.BinaryExpression:
		switch e.Operator {
		case token.LOGICAL_AND, token.LOGICAL_OR, token.COALESCE:
			l, r := a.value(e.Left), a.value(e.Right)
			return l || r
		}
		a.consume(e.Left)
		a.consume(e.Right)
		return false
	case *ast.ConditionalExpression:
		a.consume(e.Test)
		c, alt := a.value(e.Consequent), a.value(e.Alternate)
		return c || alt
	case *ast.SequenceExpression:
		for i, x := range e.Sequence {
			if i == len(e.Sequence)-1 {
				return a.value(x)
			}
			a.consume(x)
		}
		return false
	case *ast.YieldExpression:
		a.escape(e.Argument)
		return false
	case *ast.AwaitExpression:
		a.escape(e.Argument)
		return false
	}
	a.fail("unsupported expression %T", e)
	return true
}

func unspread(e ast.Expression) ast.Expression {
	if s, ok := e.(*ast.SpreadElement); ok {
		return s.Expression
	}
	return e
}

// literalKey is the property name of a literal member key.
func literalKey(e ast.Expression) (string, bool) {
	switch k := e.(type) {
	case *ast.StringLiteral:
		return k.Value.String(), true
	case *ast.NumberLiteral:
		return k.Literal, true
	}
	return "", false
}

func (a *confineAnalyzer) identifier(name string) bool {
	switch a.resolve(name) {
	case nameLocal, nameUnknown:
		return a.tainted[name]
	case nameTop:
		if a.topFunctions[name] {
			a.out.functionValues = true
		}
		return a.tainted[name]
	}
	switch {
	case refusedGlobals[name]:
		a.fail("uses %s", name)
	case outboundGlobals[name]:
		a.out.outbound = true
	case name == "undefined" || name == "NaN" || name == "Infinity":
		return false
	}
	return true
}

// this: only a strict function's this cannot be the global object.
func (a *confineAnalyzer) this() {
	for i := len(a.frames) - 1; i >= 0; i-- {
		f := a.frames[i]
		if f.arrow {
			continue
		}
		if i == 0 || !f.strict {
			a.fail("uses this outside a strict function")
		}
		return
	}
}

// member checks a property read of base.
func (a *confineAnalyzer) member(base ast.Expression, name string) bool {
	if dangerNames[name] {
		if id, ok := base.(*ast.Identifier); ok && name == "prototype" && a.resolve(id.Name.String()) == nameTop &&
			(a.topFunctions[id.Name.String()] || a.topClasses[id.Name.String()]) && !a.tainted[id.Name.String()] {
			// The script's own function's prototype: one of its objects,
			// made again by a replay.
			a.out.functionValues = true
			return false
		}
		a.fail("reads .%s", name)
		return true
	}
	baseTainted := a.value(base)
	if _, super := base.(*ast.SuperExpression); super {
		return true
	}
	// A name no built-in holds an object under cannot give one, whatever
	// the base (a tainted base is only consumed here); a built-in getter
	// gives a primitive or an object of its receiver.
	return a.census.objects[name] || (baseTainted && a.census.accessors[name])
}

// call checks a call (or new) of callee with args.
func (a *confineAnalyzer) call(callee ast.Expression, args []ast.Expression, isNew bool) {
	escapeArgs := func() {
		for _, x := range args {
			a.escape(unspread(x))
		}
	}
	path := dottedPath(callee)
	if len(path) > 0 && a.resolve(path[0]) == nameBuiltin && !refusedGlobals[path[0]] {
		root := path[0]
		switch {
		case len(path) == 1:
			if outboundGlobals[root] {
				a.out.outbound = true
			}
			if consumers[root] {
				for _, x := range args {
					a.consume(unspread(x))
				}
				return
			}
			escapeArgs()
			return
		case len(path) == 2 && staticMethods[root][path[1]]:
			if staticConsumers[root][path[1]] && (len(args) <= 1 || root != "JSON") {
				for _, x := range args {
					a.consume(unspread(x))
				}
				return
			}
			escapeArgs()
			return
		case len(path) == 3 && staticMethods[root][path[1]] && (path[2] == "call" || path[2] == "apply"):
			escapeArgs() // Math.max.apply(null, list)
			return
		case len(path) == 4 && path[1] == "prototype" && protoCalls[root][path[2]] && (path[3] == "call" || path[3] == "apply"):
			escapeArgs()
			return
		case isNew && tykConstructors[joinPath(path)]:
			escapeArgs()
			return
		}
	}
	switch c := callee.(type) {
	case *ast.Identifier:
		name := c.Name.String()
		if a.resolve(name) == nameTop && a.topFunctions[name] {
			if a.tainted[name] {
				a.fail("calls %s, which may hold a built-in", name)
			}
		} else if a.value(c) {
			a.fail("calls %s, which may be a built-in", name)
		}
	case *ast.DotExpression:
		a.method(c.Left, c.Identifier.Name.String())
		if obj, ok := objectKeysOf(c.Left); ok && keyCallbacks[c.Identifier.Name.String()] && len(args) > 0 {
			if a.keyCallback(obj, args[0]) {
				for _, x := range args[1:] {
					a.escape(unspread(x))
				}
				return
			}
		}
	case *ast.BracketExpression:
		if name, ok := literalKey(c.Member); ok {
			a.method(c.Left, name)
		} else {
			a.fail("calls a computed method at offset %d", c.Idx0())
		}
	case *ast.SuperExpression:
	default:
		if a.value(callee) {
			a.fail("calls a value that may be a built-in at offset %d", callee.Idx0())
		}
	}
	escapeArgs()
}

// method checks a method call base.name(…).
func (a *confineAnalyzer) method(base ast.Expression, name string) {
	if dangerNames[name] {
		a.fail("calls .%s", name)
		return
	}
	if _, super := base.(*ast.SuperExpression); super {
		return
	}
	if a.value(base) && !primitiveMethods[name] {
		a.fail("calls .%s on a value that may be a built-in", name)
	}
}

// dottedPath is a.b.c for a chain of dot reads on an identifier.
func dottedPath(e ast.Expression) []string {
	switch e := e.(type) {
	case *ast.Identifier:
		return []string{e.Name.String()}
	case *ast.DotExpression:
		if p := dottedPath(e.Left); p != nil {
			return append(p, e.Identifier.Name.String())
		}
	}
	return nil
}

func joinPath(p []string) string {
	s := p[0]
	for _, n := range p[1:] {
		s += "." + n
	}
	return s
}

// keyCallbacks are the array methods whose callback's first parameter is
// an element (here, a key of Object.keys(o)).
var keyCallbacks = set("forEach", "map", "filter", "some", "every", "find", "findIndex", "flatMap")

// objectKeysOf matches Object.keys(o) and returns o.
func objectKeysOf(e ast.Expression) (ast.Expression, bool) {
	c, ok := e.(*ast.CallExpression)
	if !ok || len(c.ArgumentList) != 1 {
		return nil, false
	}
	if p := dottedPath(c.Callee); len(p) == 2 && p[0] == "Object" && p[1] == "keys" {
		return c.ArgumentList[0], true
	}
	return nil, false
}

// keyCallback checks fn, a callback handed the keys of Object.keys(obj),
// with its first parameter ranging over obj's own keys; false if fn is not
// a function literal with a plain first parameter (then it is checked as
// any argument).
func (a *confineAnalyzer) keyCallback(obj ast.Expression, fn ast.Expression) bool {
	var params *ast.ParameterList
	var body ast.Node
	switch f := fn.(type) {
	case *ast.FunctionLiteral:
		params, body = f.ParameterList, f.Body
	case *ast.ArrowFunctionLiteral:
		params, body = f.ParameterList, f.Body
	default:
		return false
	}
	if params == nil || len(params.List) == 0 || params.Rest != nil || body == nil {
		return false
	}
	k, ok := params.List[0].Target.(*ast.Identifier)
	if !ok || params.List[0].Initializer != nil {
		return false
	}
	pop := a.pushOwnKeys(a.value(obj), obj, k.Name.String(), body, params.List[1:])
	a.value(fn)
	pop()
	return true
}

func forIntoName(into ast.ForInto) string {
	switch i := into.(type) {
	case *ast.ForIntoVar:
		if id, ok := i.Binding.Target.(*ast.Identifier); ok && i.Binding.Initializer == nil {
			return id.Name.String()
		}
	case *ast.ForDeclaration:
		if id, ok := i.Target.(*ast.Identifier); ok {
			return id.Name.String()
		}
	case *ast.ForIntoExpression:
		if id, ok := i.Expression.(*ast.Identifier); ok {
			return id.Name.String()
		}
	}
	return ""
}

// pushOwnKeys records that key ranges over the own keys of source while
// body runs — when source is an untainted variable and neither name is
// bound or assigned anywhere in body (or in extra bindings); it returns the
// function that drops the record.
func (a *confineAnalyzer) pushOwnKeys(sourceTainted bool, source ast.Expression, key string, body ast.Node, extra ...[]*ast.Binding) func() {
	id, ok := source.(*ast.Identifier)
	if sourceTainted || !ok || key == "" || a.resolve(id.Name.String()) == nameBuiltin {
		return func() {}
	}
	names := map[string]bool{id.Name.String(): true, key: true}
	for _, list := range extra {
		for _, b := range list {
			for _, n := range bindingNames(b.Target) {
				if names[n] {
					return func() {}
				}
			}
		}
	}
	if rebinds(body, names) {
		return func() {}
	}
	a.ownKeys = append(a.ownKeys, ownKey{object: id.Name.String(), key: key})
	return func() { a.ownKeys = a.ownKeys[:len(a.ownKeys)-1] }
}

func (a *confineAnalyzer) ownKeyRead(object, member ast.Expression) bool {
	if a.proxies {
		return false
	}
	o, ok1 := object.(*ast.Identifier)
	k, ok2 := member.(*ast.Identifier)
	if !ok1 || !ok2 {
		return false
	}
	for _, p := range a.ownKeys {
		if p.object == o.Name.String() && p.key == k.Name.String() {
			return true
		}
	}
	return false
}

// rebinds reports whether any of names is declared, assigned or deleted
// anywhere under node (nested functions included).
func rebinds(node ast.Node, names map[string]bool) bool {
	found := false
	check := func(n string) {
		if names[n] {
			found = true
		}
	}
	walkSyntax(reflect.ValueOf(node), func(n interface{}, held bool) bool {
		if found || held {
			return !found
		}
		switch n := n.(type) {
		case *ast.Binding:
			patternNames(n.Target, check)
		case *ast.AssignExpression:
			assignedNames(n.Left, check)
		case *ast.UnaryExpression:
			if n.Operator == token.INCREMENT || n.Operator == token.DECREMENT || n.Operator == token.DELETE {
				assignedNames(n.Operand, check)
			}
		case *ast.ForInStatement:
			assignedNames(forIntoTarget(n.Into), check)
		case *ast.ForOfStatement:
			assignedNames(forIntoTarget(n.Into), check)
		case *ast.CatchStatement:
			patternNames(n.Parameter, check)
		case *ast.FunctionLiteral:
			if n.Name != nil {
				check(n.Name.Name.String())
			}
		case *ast.ClassLiteral:
			if n.Name != nil {
				check(n.Name.Name.String())
			}
		case *ast.WithStatement:
			found = true
		}
		return !found
	})
	return found
}

// assignedNames calls check for each variable an assignment target binds
// (not the objects of member targets).
func assignedNames(t interface{}, check func(string)) {
	switch t := t.(type) {
	case *ast.Identifier:
		check(t.Name.String())
	case *ast.ArrayLiteral:
		for _, x := range t.Value {
			assignedNames(unspread(x), check)
		}
	case *ast.ObjectLiteral:
		for _, p := range t.Value {
			switch q := p.(type) {
			case *ast.PropertyShort:
				check(q.Name.Name.String())
			case *ast.PropertyKeyed:
				assignedNames(q.Value, check)
			case *ast.SpreadElement:
				assignedNames(q.Expression, check)
			}
		}
	case *ast.AssignExpression:
		assignedNames(t.Left, check)
	case *ast.ObjectPattern, *ast.ArrayPattern:
		patternNames(t, check)
	}
}

func forIntoTarget(into ast.ForInto) interface{} {
	switch i := into.(type) {
	case *ast.ForIntoVar:
		return i.Binding.Target
	case *ast.ForDeclaration:
		return i.Target
	case *ast.ForIntoExpression:
		return i.Expression
	}
	return nil
}

func (a *confineAnalyzer) objectLiteral(o *ast.ObjectLiteral) {
	for _, p := range o.Value {
		switch p := p.(type) {
		case *ast.PropertyKeyed:
			if p.Computed {
				a.consume(p.Key)
			}
			a.escape(p.Value) // methods and accessors are fresh function literals
		case *ast.PropertyShort:
			a.escape(&p.Name)
			if p.Initializer != nil {
				a.fail("unsupported shorthand initializer in an object literal")
			}
		case *ast.SpreadElement:
			a.escape(p.Expression)
		default:
			a.fail("unsupported property %T", p)
		}
	}
}

// assign checks an assignment and reports whether its value may be a
// built-in.
func (a *confineAnalyzer) assign(e *ast.AssignExpression) bool {
	rhs := a.value(e.Right)
	if e.Operator != token.ASSIGN && e.Operator != token.LOGICAL_AND && e.Operator != token.LOGICAL_OR &&
		e.Operator != token.COALESCE {
		rhs = false // arithmetic compound assignment yields a primitive
		a.value(e.Left)
	}
	a.target(e.Left, rhs)
	return rhs
}

// target checks an assignment target that receives a value (tainted or
// not).
func (a *confineAnalyzer) target(t ast.Expression, tainted bool) {
	switch t := t.(type) {
	case *ast.Identifier:
		name := t.Name.String()
		if a.resolve(name) == nameBuiltin && !isAPIGlobal(name) {
			a.fail("assigns the built-in %s", name)
		}
		if tainted {
			a.taint(name)
		}
	case *ast.DotExpression:
		a.write(t.Left, t.Identifier.Name.String(), tainted)
	case *ast.BracketExpression:
		a.consume(t.Member)
		name, _ := literalKey(t.Member)
		a.write(t.Left, name, tainted)
	case *ast.PrivateDotExpression:
		a.consume(t.Left)
		if tainted {
			a.fail("stores a value that may be a built-in object in a private field")
		}
	case *ast.ObjectPattern, *ast.ArrayPattern, *ast.ObjectLiteral, *ast.ArrayLiteral:
		a.pattern(t, tainted, false)
	default:
		a.fail("unsupported assignment target %T", t)
	}
}

// write checks a property write or delete on base.
func (a *confineAnalyzer) write(base ast.Expression, name string, stored bool) {
	if id, ok := base.(*ast.Identifier); ok && a.resolve(id.Name.String()) == nameTop && a.topFunctions[id.Name.String()] {
		a.out.functionValues = true
	}
	if a.value(base) {
		a.fail("writes .%s of a value that may be a built-in", name)
	}
	if stored {
		a.fail("stores a value that may be a built-in object in .%s", name)
	}
}

func (a *confineAnalyzer) unary(e *ast.UnaryExpression) {
	switch e.Operator {
	case token.DELETE:
		switch t := e.Operand.(type) {
		case *ast.DotExpression:
			a.write(t.Left, t.Identifier.Name.String(), false)
		case *ast.BracketExpression:
			a.consume(t.Member)
			a.write(t.Left, "[…]", false)
		case *ast.Identifier:
			if a.resolve(t.Name.String()) == nameBuiltin && !isAPIGlobal(t.Name.String()) {
				a.fail("deletes the built-in %s", t.Name)
			}
		default:
			a.consume(e.Operand)
		}
	case token.INCREMENT, token.DECREMENT:
		a.value(e.Operand)
		a.target(e.Operand, false)
	default:
		a.consume(e.Operand)
	}
}

// pattern checks a destructuring pattern whose source may be tainted;
// declaring is set for declarations (whose targets are names only).
func (a *confineAnalyzer) pattern(p ast.Expression, source, declaring bool) {
	bind := func(t ast.Expression, tainted bool) {
		if declaring {
			a.bindingTarget(t, tainted)
		} else {
			a.target(t, tainted)
		}
	}
	switch p := p.(type) {
	case *ast.ObjectPattern:
		for _, prop := range p.Properties {
			a.patternProperty(prop, source, bind)
		}
		if p.Rest != nil {
			bind(p.Rest, source)
		}
	case *ast.ObjectLiteral:
		for _, prop := range p.Value {
			a.patternProperty(prop, source, bind)
		}
	case *ast.ArrayPattern:
		for _, el := range p.Elements {
			if el != nil {
				bind(el, source)
			}
		}
		if p.Rest != nil {
			bind(p.Rest, source)
		}
	case *ast.ArrayLiteral:
		for _, el := range p.Value {
			if el != nil {
				bind(unspread(el), source)
			}
		}
	case *ast.AssignExpression: // a default value
		bind(p.Left, source || a.value(p.Right))
	default:
		bind(p, source)
	}
}

func (a *confineAnalyzer) patternProperty(prop ast.Property, source bool, bind func(ast.Expression, bool)) {
	read := func(name string) bool {
		if dangerNames[name] {
			a.fail("destructures .%s", name)
		}
		return source || a.census.objects[name]
	}
	switch q := prop.(type) {
	case *ast.PropertyShort:
		tainted := read(q.Name.Name.String())
		if q.Initializer != nil {
			tainted = a.value(q.Initializer) || tainted
		}
		id := q.Name
		bind(&id, tainted)
	case *ast.PropertyKeyed:
		tainted := true
		if name, ok := literalKey(q.Key); ok && !q.Computed {
			tainted = read(name)
		} else if id, ok := q.Key.(*ast.Identifier); ok && !q.Computed {
			tainted = read(id.Name.String())
		} else {
			a.consume(q.Key)
		}
		bind(q.Value, tainted)
	case *ast.SpreadElement:
		bind(q.Expression, source)
	default:
		a.fail("unsupported pattern property %T", q)
	}
}

// bindingTarget binds the names of a declaration target.
func (a *confineAnalyzer) bindingTarget(t ast.Expression, tainted bool) {
	switch t := t.(type) {
	case *ast.Identifier:
		if tainted {
			a.taint(t.Name.String())
		}
	case *ast.ObjectPattern, *ast.ArrayPattern, *ast.AssignExpression:
		a.pattern(t, tainted, true)
	case nil:
	default:
		a.fail("unsupported binding target %T", t)
	}
}

func (a *confineAnalyzer) bindings(list []*ast.Binding) {
	for _, b := range list {
		a.bindingTarget(b.Target, a.value(b.Initializer))
	}
}

// scoped runs walk with the names node declares pushed as a scope.
func (a *confineAnalyzer) scoped(node interface{}, walk func()) {
	names, _ := scopeNames(node)
	scope := make(map[string]bool, len(names))
	for _, n := range names {
		scope[n] = true
	}
	a.scopes = append(a.scopes, scope)
	walk()
	a.scopes = a.scopes[:len(a.scopes)-1]
}

func (a *confineAnalyzer) function(f *ast.FunctionLiteral, strict bool) {
	strict = strict || a.frames[len(a.frames)-1].strict || (f.Body != nil && hasUseStrict(f.Body.List))
	a.frames = append(a.frames, frame{strict: strict})
	a.scoped(f, func() {
		a.parameters(f.ParameterList)
		if f.Body != nil {
			a.block(f.Body)
		}
	})
	a.frames = a.frames[:len(a.frames)-1]
}

func (a *confineAnalyzer) arrow(f *ast.ArrowFunctionLiteral) {
	a.frames = append(a.frames, frame{strict: a.frames[len(a.frames)-1].strict, arrow: true})
	a.scoped(f, func() {
		a.parameters(f.ParameterList)
		switch b := f.Body.(type) {
		case *ast.BlockStatement:
			a.block(b)
		case *ast.ExpressionBody:
			a.escape(b.Expression)
		default:
			a.fail("unsupported arrow body %T", b)
		}
	})
	a.frames = a.frames[:len(a.frames)-1]
}

func (a *confineAnalyzer) parameters(p *ast.ParameterList) {
	if p == nil {
		return
	}
	for _, b := range p.List {
		a.bindingTarget(b.Target, false)
		a.escape(b.Initializer)
	}
	if p.Rest != nil {
		a.bindingTarget(p.Rest, false)
	}
}

func (a *confineAnalyzer) class(c *ast.ClassLiteral) {
	if c.SuperClass != nil {
		if id, ok := c.SuperClass.(*ast.Identifier); ok && a.resolve(id.Name.String()) == nameBuiltin {
			if refusedGlobals[id.Name.String()] {
				a.fail("extends %s", id.Name)
			}
		} else {
			a.escape(c.SuperClass)
		}
	}
	for _, el := range c.Body { // computed keys run in the enclosing scope
		switch el := el.(type) {
		case *ast.MethodDefinition:
			if el.Computed {
				a.consume(el.Key)
			}
		case *ast.FieldDefinition:
			if el.Computed {
				a.consume(el.Key)
			}
		}
	}
	a.frames = append(a.frames, frame{strict: true})
	for _, el := range c.Body {
		switch el := el.(type) {
		case *ast.MethodDefinition:
			a.function(el.Body, true)
		case *ast.FieldDefinition:
			a.escape(el.Initializer)
		case *ast.ClassStaticBlock:
			a.scoped(el, func() { a.block(el.Block) })
		default:
			a.fail("unsupported class element %T", el)
		}
	}
	a.frames = a.frames[:len(a.frames)-1]
}

func (a *confineAnalyzer) block(b *ast.BlockStatement) {
	a.scoped(b, func() { a.statements(b.List) })
}

func (a *confineAnalyzer) statements(list []ast.Statement) {
	for _, st := range list {
		a.statement(st)
	}
}

func (a *confineAnalyzer) statement(st ast.Statement) {
	switch s := st.(type) {
	case nil, *ast.EmptyStatement, *ast.BranchStatement, *ast.DebuggerStatement:
	case *ast.ExpressionStatement:
		a.consume(s.Expression)
	case *ast.VariableStatement:
		a.bindings(s.List)
	case *ast.LexicalDeclaration:
		a.bindings(s.List)
	case *ast.FunctionDeclaration:
		a.function(s.Function, false)
	case *ast.ClassDeclaration:
		a.class(s.Class)
	case *ast.BlockStatement:
		a.block(s)
	case *ast.IfStatement:
		a.consume(s.Test)
		a.statement(s.Consequent)
		a.statement(s.Alternate)
	case *ast.WhileStatement:
		a.consume(s.Test)
		a.statement(s.Body)
	case *ast.DoWhileStatement:
		a.statement(s.Body)
		a.consume(s.Test)
	case *ast.ForStatement:
		a.scoped(s, func() {
			switch i := s.Initializer.(type) {
			case nil:
			case *ast.ForLoopInitializerExpression:
				a.consume(i.Expression)
			case *ast.ForLoopInitializerVarDeclList:
				a.bindings(i.List)
			case *ast.ForLoopInitializerLexicalDecl:
				a.bindings(i.LexicalDeclaration.List)
			default:
				a.fail("unsupported for initializer %T", i)
			}
			a.consume(s.Test)
			a.consume(s.Update)
			a.statement(s.Body)
		})
	case *ast.ForInStatement:
		a.scoped(s, func() {
			tainted := a.value(s.Source)
			a.forInto(s.Into, false)
			pop := a.pushOwnKeys(tainted, s.Source, forIntoName(s.Into), s.Body)
			a.statement(s.Body)
			pop()
		})
	case *ast.ForOfStatement:
		a.scoped(s, func() {
			a.forInto(s.Into, a.value(s.Source))
			pop := func() {}
			if obj, ok := objectKeysOf(s.Source); ok { // for (k of Object.keys(o))
				pop = a.pushOwnKeys(a.value(obj), obj, forIntoName(s.Into), s.Body)
			}
			a.statement(s.Body)
			pop()
		})
	case *ast.SwitchStatement:
		a.consume(s.Discriminant)
		a.scoped(s, func() {
			for _, c := range s.Body {
				a.consume(c.Test)
				a.statements(c.Consequent)
			}
		})
	case *ast.TryStatement:
		a.block(s.Body)
		if s.Catch != nil {
			a.scoped(s.Catch, func() {
				a.bindingTarget(s.Catch.Parameter, false)
				a.block(s.Catch.Body)
			})
		}
		if s.Finally != nil {
			a.block(s.Finally)
		}
	case *ast.ReturnStatement:
		a.escape(s.Argument)
	case *ast.ThrowStatement:
		a.escape(s.Argument)
	case *ast.LabelledStatement:
		a.statement(s.Statement)
	case *ast.WithStatement:
		a.fail("uses with")
	default:
		a.fail("unsupported statement %T", s)
	}
}

func (a *confineAnalyzer) forInto(into ast.ForInto, tainted bool) {
	switch i := into.(type) {
	case *ast.ForIntoVar:
		a.bindingTarget(i.Binding.Target, tainted)
		a.escape(i.Binding.Initializer)
	case *ast.ForDeclaration:
		a.bindingTarget(i.Target, tainted)
	case *ast.ForIntoExpression:
		a.target(i.Expression, tainted)
	default:
		a.fail("unsupported for-in/of target %T", i)
	}
}

func isAPIGlobal(name string) bool {
	for _, n := range apiGlobals {
		if n == name {
			return true
		}
	}
	return false
}
