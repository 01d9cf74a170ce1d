package isolation

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
	// rebound are names some assignment, update, delete or for-in/of
	// target rebinds anywhere in the scripts; redeclared are names
	// declared more than once in one function (or parameter and var);
	// arguments: the scripts use arguments (which aliases parameters).
	rebound, redeclared map[string]bool
	arguments           bool
	// numeric are the variables that only ever hold numbers
	// (confine_numeric.go).
	numeric map[string]bool
	// deletes: the scripts delete a property somewhere (through any alias,
	// an own key can stop being own, and o[k] then reads the prototype).
	deletes bool
	// helpers are the esbuild helpers trusted (esbuild.go), nil if none;
	// helperScopes are, parallel to scopes, those each scope declares.
	helpers      *helperTrust
	helperScopes []map[string]*esbuildHelper
	// scopeNodes are, parallel to scopes, the nodes that declare them;
	// caughtTainted are the tainted catch parameters (taint).
	scopeNodes    []interface{}
	caughtTainted map[caughtName]bool
}

// ownKey: within scopes[depth:] neither name may be declared again (a
// nested function's parameter k is another variable).
type ownKey struct {
	object, key string
	depth       int
}

// analyzeConfinement runs the analysis over all of a pool's scripts at once
// (a tainted top-level variable of one is visible to the others), to a
// fixed point of the tainted variables.
func analyzeConfinement(trees []*ast.Program, c builtinCensus) confinement {
	a := &confineAnalyzer{census: c, top: map[string]bool{}, topFunctions: map[string]bool{},
		topClasses: map[string]bool{}, tainted: map[string]bool{}, caughtTainted: map[caughtName]bool{}}
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
	a.rebound, a.redeclared = map[string]bool{}, map[string]bool{}
	a.numeric = numericVariables(trees, c)
	for _, t := range trees {
		collectIdentifiers(reflect.ValueOf(t), func(id *ast.Identifier) {
			switch id.Name {
			case "Proxy":
				a.proxies = true
			case "arguments":
				a.arguments = true
			}
		})
		a.noteRebinding(t)
	}
	a.helpers = findHelpers(trees, a.rebound)
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
			a.scopes, a.helperScopes, a.scopeNodes = nil, nil, nil
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
	if c := a.catchBinding(name); c != nil {
		if !a.caughtTainted[caughtName{c, name}] {
			a.caughtTainted[caughtName{c, name}] = true
			a.grew = true
		}
		return
	}
	if !a.tainted[name] {
		a.tainted[name] = true
		a.grew = true
	}
}

// caughtName is a catch clause's parameter: tainted apart from the
// variables of the same name (a thrown value is one the scripts made, as
// no tainted value can be thrown; only an assignment in the clause taints
// it).
type caughtName struct {
	clause *ast.CatchStatement
	name   string
}

// catchBinding returns the catch clause whose parameter name is here, or
// nil when name is another variable.
func (a *confineAnalyzer) catchBinding(name string) *ast.CatchStatement {
	for i := len(a.scopes) - 1; i >= 0; i-- {
		if a.scopes[i][name] {
			c, _ := a.scopeNodes[i].(*ast.CatchStatement)
			return c
		}
	}
	return nil
}

// isTainted reports whether the variable name refers to here may hold a
// built-in object.
func (a *confineAnalyzer) isTainted(name string) bool {
	if c := a.catchBinding(name); c != nil {
		return a.caughtTainted[caughtName{c, name}]
	}
	return a.tainted[name]
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
		if a.numericKey(e.Member) {
			a.consume(e.Member)
			return a.member(e.Left, "0") // an element
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
	if h := a.trustedHelper(name); h != nil {
		a.fail("uses the esbuild helper %s other than by calling it", name)
		return true
	}
	switch a.resolve(name) {
	case nameLocal, nameUnknown:
		return a.isTainted(name)
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
	// gives a primitive or an object of its receiver, and a name only the
	// global object holds an object under gives one only on a base that
	// may be the global object.
	return a.census.objects[name] || (baseTainted && (a.census.accessors[name] || a.census.globalObjects[name]))
}

// call checks a call (or new) of callee with args.
func (a *confineAnalyzer) call(callee ast.Expression, args []ast.Expression, isNew bool) {
	escapeArgs := func() {
		for _, x := range args {
			a.escape(unspread(x))
		}
	}
	if id, ok := callee.(*ast.Identifier); ok {
		if h := a.trustedHelper(id.Name.String()); h != nil {
			a.helperCall(h, args, isNew)
			return
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
		} else if a.numericKey(c.Member) {
			a.consume(c.Member)
			a.method(c.Left, "0")
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

// numericKey reports whether a computed key is always a number. A numeric
// variable shadowed by a local of the same name is still numeric: the
// analysis is by name over all scripts.
func (a *confineAnalyzer) numericKey(e ast.Expression) bool {
	if id, ok := e.(*ast.Identifier); ok && a.resolve(id.Name.String()) == nameBuiltin {
		return false
	}
	return numericExpression(e, a.numeric)
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
