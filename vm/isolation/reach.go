package isolation

import (
	"reflect"

	"github.com/dop251/goja/ast"
)

// Reach is which globals a pool's scripts can reach, found from their
// syntax trees: package vm installs an optional area of the JavaScript API
// (fetch, Web Crypto, …) only when the scripts can reach one of its
// globals.
//
// A script reaches a global by naming it: an identifier no enclosing
// function, block, catch clause or loop declares, and no top-level
// let/const/class/function of the same or an earlier script of the pool
// (a top-level var does not count: `var URL = URL || …` reads the global
// first). Anything that reaches the global object itself makes every
// global reachable (Dynamic): eval, Function, globalThis, window, self or
// global named as free identifiers, `this` where it may be the global
// object (at the top level, in an arrow function there, or in a function
// that is not strict code), a with statement, and a read of a property
// named constructor (`f.constructor` is Function, which builds code from
// a string) or a string "constructor" anywhere. The analysis is
// conservative: it counts identifiers it cannot prove declared, labels and
// a function expression's own name as references. A name computed at run
// time from pieces ("con" + "structor") is not seen.
//
// esbuild's helpers (esbuild.go) are skipped when a statement is exactly
// the pinned code: their bodies name only Object, Symbol, Promise,
// TypeError, Error, Proxy and require. In `__asyncGenerator(this, args,
// function* () {…})` the `this` is only the generator's receiver, and is
// not counted when the helper is trusted; a `this` inside the generator is
// counted as any other.
type Reach struct {
	// Names are the global names the scripts use.
	Names map[string]bool
	// FetchProperty: some property, method or string is named fetch (a
	// Workers-style handler is an object with a fetch method, and its
	// calls need fetch's classes).
	FetchProperty bool
	// Dynamic: the scripts can reach globals by a name computed at run
	// time; Reason says how.
	Dynamic bool
	Reason  string
}

// dynamicNames are the free identifiers that reach the global object or
// evaluate code.
var dynamicNames = set("eval", "Function", "globalThis", "window", "self", "global")

// FindReach analyses a pool's scripts, in the order they run.
func FindReach(trees []*ast.Program) Reach {
	w := &reachWalker{out: Reach{Names: map[string]bool{}}, topLexical: map[string]bool{}}
	w.table, _ = pinnedHelpers()
	if trust := helperTrustOf(trees); trust != nil {
		w.trustedGenerator = trust.names["__asyncGenerator"]
	}
	for _, t := range trees {
		lexicalNames(t.Body, func(n string) { w.topLexical[n] = true })
		w.frames = []reachFrame{{strict: hasUseStrict(t.Body), globalThis: true}}
		w.scopes = nil
		w.walk(t)
	}
	return w.out
}

// helperTrustOf is which esbuild helpers the scripts' own code cannot
// rebind or misuse (esbuild.go).
func helperTrustOf(trees []*ast.Program) *helperTrust {
	a := &confineAnalyzer{rebound: map[string]bool{}, redeclared: map[string]bool{}}
	for _, t := range trees {
		a.noteRebinding(t)
	}
	return findHelpers(trees, a.rebound)
}

// reachFrame is a function (or the top level) whose this the code being
// walked sees: globalThis when it may be the global object.
type reachFrame struct{ strict, globalThis bool }

type reachWalker struct {
	out              Reach
	table            helperTable
	trustedGenerator bool
	topLexical       map[string]bool
	scopes           scopeStack
	frames           []reachFrame
}

func (w *reachWalker) dynamic(reason string) {
	if !w.out.Dynamic {
		w.out.Dynamic, w.out.Reason = true, reason
	}
}

func (w *reachWalker) frame() reachFrame { return w.frames[len(w.frames)-1] }

func (w *reachWalker) walk(node interface{}) {
	walkSyntax(reflect.ValueOf(node), w.visit)
}

// ref notes a reference to name.
func (w *reachWalker) ref(name string) {
	if w.scopes.declares(name) || w.topLexical[name] {
		return
	}
	w.out.Names[name] = true
	if dynamicNames[name] {
		w.dynamic("names " + name)
	}
}

// propertyName notes a property read or defined under name (not computed).
func (w *reachWalker) propertyName(name string, read bool) {
	switch {
	case name == "fetch":
		w.out.FetchProperty = true
	case name == "constructor" && read:
		w.dynamic("reads a constructor property")
	}
}

func (w *reachWalker) visit(node interface{}, held bool) bool {
	if held { // a name after a dot, or a shorthand property's
		id := node.(*ast.Identifier)
		w.propertyName(id.Name.String(), true)
		return true
	}
	switch n := node.(type) {
	case *ast.Identifier:
		w.ref(n.Name.String())
		return false
	case *ast.PropertyShort:
		w.ref(n.Name.Name.String())
		w.propertyName(n.Name.Name.String(), false)
		w.walk(n.Initializer)
		return false
	case *ast.ThisExpression:
		if w.frame().globalThis {
			w.dynamic("uses this where it may be the global object")
		}
	case *ast.WithStatement:
		w.dynamic("uses with")
	case *ast.StringLiteral:
		w.literal(n.Value.String())
	case *ast.TemplateElement:
		w.literal(n.Parsed.String())
	case *ast.VariableStatement:
		return w.table.match(n) == nil // esbuild's helper: skipped
	case *ast.VariableDeclaration:
		return false // a copy of the var statements (DeclarationList)
	case *ast.PropertyKeyed:
		w.key(n.Key, n.Computed)
		w.walk(n.Value)
		return false
	case *ast.MethodDefinition:
		w.key(n.Key, n.Computed)
		w.function(n.Body, true)
		return false
	case *ast.FieldDefinition:
		w.key(n.Key, n.Computed)
		w.within(reachFrame{strict: true}, func() { w.walk(n.Initializer) })
		return false
	case *ast.ClassStaticBlock:
		w.within(reachFrame{strict: true}, func() { w.scoped(n, func() { w.walkBody(n) }) })
		return false
	case *ast.ClassLiteral:
		w.class(n)
		return false
	case *ast.FunctionLiteral:
		w.function(n, w.frame().strict)
		return false
	case *ast.ArrowFunctionLiteral:
		strict := w.frame().strict
		if b, ok := n.Body.(*ast.BlockStatement); ok && hasUseStrict(b.List) {
			strict = true
		}
		f := w.frame() // an arrow function's this is its surroundings'
		f.strict = strict
		w.within(f, func() { w.scoped(n, func() { w.walkBody(n) }) })
		return false
	case *ast.CallExpression:
		return !w.generatorCall(n)
	}
	if _, ok := scopeNames(node); ok { // a block, catch clause or loop
		w.scoped(node, func() { walkSyntax(reflect.ValueOf(node).Elem(), w.visit) })
		return false
	}
	return true
}

func (w *reachWalker) literal(s string) {
	switch s {
	case "constructor":
		w.dynamic(`uses the string "constructor"`)
	case "fetch":
		w.out.FetchProperty = true
	}
}

// key walks a property key: a computed one is an expression, another is a
// name.
func (w *reachWalker) key(k ast.Expression, computed bool) {
	if computed {
		w.walk(k)
		return
	}
	switch k := k.(type) {
	case *ast.StringLiteral:
		w.propertyName(k.Value.String(), false)
	case *ast.Identifier:
		w.propertyName(k.Name.String(), false)
	}
}

// function walks a function literal: its own this (the global object when
// called plainly, unless strict code), its scope.
func (w *reachWalker) function(n *ast.FunctionLiteral, strict bool) {
	if n == nil {
		return
	}
	if n.Body != nil && hasUseStrict(n.Body.List) {
		strict = true
	}
	if n.Name != nil {
		w.ref(n.Name.Name.String())
	}
	w.within(reachFrame{strict: strict, globalThis: !strict}, func() {
		w.scoped(n, func() {
			w.walk(n.ParameterList)
			w.walk(n.Body)
		})
	})
}

// class walks a class: the name, heritage and computed keys in the
// surrounding code (strict), the body as strict code.
func (w *reachWalker) class(n *ast.ClassLiteral) {
	f := w.frame()
	f.strict = true
	w.within(f, func() {
		if n.Name != nil {
			w.ref(n.Name.Name.String())
		}
		w.walk(n.SuperClass)
		for _, el := range n.Body {
			w.walk(el)
		}
	})
}

// generatorCall walks esbuild's `__asyncGenerator(this, args, function*
// () {…})` with the trusted helper, without counting the this; it reports
// whether the call was that.
func (w *reachWalker) generatorCall(n *ast.CallExpression) bool {
	id, ok := n.Callee.(*ast.Identifier)
	if !ok || !w.trustedGenerator || id.Name != "__asyncGenerator" || len(n.ArgumentList) != 3 {
		return false
	}
	if _, this := n.ArgumentList[0].(*ast.ThisExpression); !this {
		return false
	}
	if g, ok := n.ArgumentList[2].(*ast.FunctionLiteral); !ok || !g.Generator {
		return false
	}
	w.walk(n.Callee)
	w.walk(n.ArgumentList[1])
	w.walk(n.ArgumentList[2])
	return true
}

func (w *reachWalker) within(f reachFrame, fn func()) {
	w.frames = append(w.frames, f)
	fn()
	w.frames = w.frames[:len(w.frames)-1]
}

// scoped runs fn with the scope node declares pushed.
func (w *reachWalker) scoped(node interface{}, fn func()) {
	names, _ := scopeNames(node)
	scope := make(map[string]bool, len(names))
	for _, n := range names {
		scope[n] = true
	}
	w.scopes = append(w.scopes, scope)
	fn()
	w.scopes = w.scopes[:len(w.scopes)-1]
}

// walkBody walks the parameters and body of an arrow function or the
// block of a static block (their own scope is pushed).
func (w *reachWalker) walkBody(node interface{}) {
	switch n := node.(type) {
	case *ast.ArrowFunctionLiteral:
		w.walk(n.ParameterList)
		w.walk(n.Body)
	case *ast.ClassStaticBlock:
		w.walk(n.Block)
	}
}
