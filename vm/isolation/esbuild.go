package isolation

import (
	_ "embed"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"
)

// esbuild's runtime helpers in built bundles (tyk-ve build: CommonJS
// interop and lowered async generators). Their bodies keep built-in
// functions in variables (`var __defProp = Object.defineProperty`), read
// prototypes and call methods computed at run time, which the confinement
// analysis refuses in a script's own code. They are fixed code, though: a
// statement whose syntax tree is exactly the one esbuild v0.28.2 emits
// (esbuild_helpers.js; compared node by node, positions and comments
// aside) is trusted, and its body is not analysed, when
//
//   - every other occurrence of its name in the pool's scripts calls it
//     (no assignment, declaration, parameter, shorthand property or value
//     use of the name anywhere: nothing can rebind or capture it);
//   - the helpers its body names are trusted in the same function;
//   - the scripts declare and assign none of the globals its body names
//     (Object, Symbol, Promise, TypeError; require, Proxy, Error), so those
//     are the built-ins (or, for require, absent: a script's own require
//     would be called with the global object as this);
//
// and each call obeys the helper's contract (helperContracts): its
// arguments are checked as the analysis checks any call's arguments
// (they escape: none may be a built-in object), and its result is then one
// the scripts made. The contracts hold for these reasons, helper by
// helper, given arguments the scripts made:
//
//   - __commonJS, __esm: return a closure that calls the first own
//     property of its argument with a new `{exports: {}}` (or 0) and caches
//     the result in the closure: the scripts' own objects.
//   - __export, __copyProps, __reExport, __toESM, __toCommonJS: define
//     getters on the target (a new object, or one of the scripts') that
//     read own properties of the source; __toESM's new object inherits from
//     the source's prototype, as every object of the scripts inherits from
//     a built-in one (reads under the census's names stay tainted, whatever
//     the base).
//   - __create, __defProp, __getOwnPropDesc, __getOwnPropNames: the
//     Object statics the analysis already allows (staticMethods).
//   - __asyncGenerator, __await, __yieldStar, __forAwait, __knownSymbol,
//     __typeError: build new iterator objects and promises around the
//     scripts' generators and iterables; the built-in iterators they call
//     (array, Map, generator objects) stay inside their closures.
//     __asyncGenerator passes its first argument only as the receiver of
//     its third, so in `__asyncGenerator(this, args, function* () {…})`
//     (esbuild's form) the `this` is not checked when the generator never
//     reads this (anywhere inside it); otherwise it is checked as any
//     this (sloppy: refused). __await must be called with new (a plain
//     call's this would be the global object); __knownSymbol only with
//     the name of a well-known symbol (its result is then a symbol).
//   - __require (a package's require by a computed name): calls the
//     global require if the platform has one (as a call of that global
//     would), and otherwise throws an Error; the Proxy it may be wraps its
//     own function, reachable only by calling it.
//   - __getProtoOf and __hasOwnProp: only the helpers may call them.
//
// A minified bundle (renamed helpers) or another esbuild version is
// analysed as written, which in practice means a new runtime per call.

//go:embed esbuild_helpers.js
var esbuildHelpersJS string

// helperContract is how the scripts' own code may call a helper.
type helperContract int

const (
	// helperEscape: any call; the arguments escape.
	helperEscape helperContract = iota
	// helperNew: only `new helper(…)`; the arguments escape.
	helperNew
	// helperGenerator: the arguments escape, except a first argument
	// `this` when the third is a generator function literal.
	helperGenerator
	// helperSymbol: one string literal naming a well-known symbol.
	helperSymbol
	// helperInternal: only other helpers call it.
	helperInternal
)

var helperContracts = map[string]helperContract{
	"__create": helperEscape, "__defProp": helperEscape, "__getOwnPropDesc": helperEscape,
	"__getOwnPropNames": helperEscape, "__getProtoOf": helperInternal, "__hasOwnProp": helperInternal,
	"__esm": helperEscape, "__commonJS": helperEscape, "__export": helperEscape, "__copyProps": helperEscape,
	"__toESM": helperEscape, "__toCommonJS": helperEscape, "__reExport": helperEscape,
	"__knownSymbol": helperSymbol, "__typeError": helperEscape, "__await": helperNew,
	"__asyncGenerator": helperGenerator, "__yieldStar": helperEscape, "__forAwait": helperEscape,
	"__require": helperEscape,
}

// wellKnownSymbols are the names __knownSymbol may be given.
var wellKnownSymbols = set("asyncIterator", "iterator", "hasInstance", "isConcatSpreadable", "match", "matchAll",
	"replace", "search", "species", "split", "toPrimitive", "toStringTag", "unscopables", "dispose",
	"asyncDispose", "metadata")

// esbuildHelper is one pinned helper.
type esbuildHelper struct {
	name string
	// shapes are the initializer's syntax trees, canonical (esbuild
	// renames a helper's inner function when another helper has its name:
	// __commonJS's __require becomes __require2 beside __require).
	shapes   map[string]bool
	deps     []string // the other helpers its body names
	contract helperContract
	// free are the names its body uses without declaring them, other
	// than helpers: the built-ins it calls.
	free []string
}

// helperTable is the parsed esbuild_helpers.js.
type helperTable struct {
	byName map[string]*esbuildHelper
	// free are the names the helper bodies use without declaring them,
	// other than the helpers: the built-ins they call.
	free map[string]bool
}

var pinnedHelpers = sync.OnceValues(func() (helperTable, error) {
	return parseHelperTable(esbuildHelpersJS)
})

func parseHelperTable(src string) (helperTable, error) {
	t := helperTable{byName: map[string]*esbuildHelper{}, free: map[string]bool{}}
	tree, err := parser.ParseFile(nil, "esbuild_helpers.js", src, 0)
	if err != nil {
		return t, fmt.Errorf("esbuild helpers: %w", err)
	}
	for _, st := range tree.Body {
		name, init, ok := helperStatement(st)
		contract, known := helperContracts[name]
		if !ok || !known {
			return t, fmt.Errorf("esbuild helpers: unexpected statement at offset %d", st.Idx0())
		}
		if t.byName[name] == nil {
			t.byName[name] = &esbuildHelper{name: name, shapes: map[string]bool{}, contract: contract}
		}
		t.byName[name].shapes[canonicalTree(init)] = true
	}
	seen := map[string]bool{} // helper/name pairs noted
	for _, st := range tree.Body {
		name, init, _ := helperStatement(st)
		h := t.byName[name]
		local := declaredNames([]*ast.Program{{Body: []ast.Statement{&ast.ExpressionStatement{Expression: init}}}})
		walkSyntax(reflect.ValueOf(init), func(node interface{}, held bool) bool {
			var n string
			switch x := node.(type) {
			case *ast.Identifier:
				if held { // a property name
					return false
				}
				n = x.Name.String()
			case *ast.PropertyShort:
				n = x.Name.Name.String()
			}
			// arguments is __require's inner function's own
			if n == "" || n == "arguments" || local[n] || n == name || seen[name+"/"+n] {
				return true
			}
			seen[name+"/"+n] = true
			if t.byName[n] != nil {
				h.deps = append(h.deps, n)
			} else {
				h.free = append(h.free, n)
				t.free[n] = true
			}
			return true
		})
	}
	return t, nil
}

// helperStatement splits `var name = init` (one binding to a name).
func helperStatement(st ast.Statement) (string, ast.Expression, bool) {
	v, ok := st.(*ast.VariableStatement)
	if !ok || len(v.List) != 1 || v.List[0].Initializer == nil {
		return "", nil, false
	}
	id, ok := v.List[0].Target.(*ast.Identifier)
	if !ok {
		return "", nil, false
	}
	return id.Name.String(), v.List[0].Initializer, true
}

// match returns the pinned helper st is exactly, or nil.
func (t helperTable) match(st *ast.VariableStatement) *esbuildHelper {
	name, init, ok := helperStatement(st)
	if !ok {
		return nil
	}
	if h := t.byName[name]; h != nil && h.shapes[canonicalTree(init)] {
		return h
	}
	return nil
}

// canonicalTree writes a syntax tree without positions and source text:
// two trees are the same code when their canonical forms are equal.
func canonicalTree(node interface{}) string {
	var b strings.Builder
	writeCanonical(&b, reflect.ValueOf(node))
	return b.String()
}

func writeCanonical(b *strings.Builder, v reflect.Value) {
	if !v.IsValid() {
		b.WriteString("_")
		return
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Ptr:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		writeCanonical(b, v.Elem())
	case reflect.Struct:
		t := v.Type()
		b.WriteString(t.Name() + "{")
		for i := 0; i < v.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() || f.Type.PkgPath() == "github.com/dop251/goja/file" || f.Name == "Source" ||
				f.Name == "DeclarationList" { // positions, source text, and a copy of the var statements
				continue
			}
			b.WriteString(f.Name + ":")
			writeCanonical(b, v.Field(i))
			b.WriteString(",")
		}
		b.WriteString("}")
	case reflect.Slice:
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			writeCanonical(b, v.Index(i))
			b.WriteString(",")
		}
		b.WriteString("]")
	case reflect.String:
		fmt.Fprintf(b, "%q", v.String())
	default:
		fmt.Fprintf(b, "%s(%v)", v.Type(), v.Interface())
	}
}

// helperTrust is which helper statements of a pool's scripts are trusted.
type helperTrust struct {
	// statements are the trusted helper statements (not analysed).
	statements map[*ast.VariableStatement]bool
	// owners maps a function literal (arrow, class static block) to the
	// helpers trusted in its scope; top are those trusted at the top level
	// (globals); names are all the names trusted somewhere.
	owners map[interface{}]map[string]*esbuildHelper
	top    map[string]*esbuildHelper
	names  map[string]bool
}

// findHelpers decides which helper statements are trusted (see above);
// rebound are the names the scripts assign anywhere.
func findHelpers(trees []*ast.Program, rebound map[string]bool) *helperTrust {
	table, err := pinnedHelpers()
	if err != nil {
		return nil
	}
	found := map[interface{}]map[string][]*ast.VariableStatement{} // owner → name → statements
	var within func(owner interface{}) func(interface{}, bool) bool
	within = func(owner interface{}) func(interface{}, bool) bool {
		return func(n interface{}, held bool) bool {
			switch n := n.(type) {
			case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral, *ast.ClassStaticBlock: // var scopes
				walkSyntax(reflect.ValueOf(n).Elem(), within(n))
				return false
			case *ast.VariableStatement:
				if h := table.match(n); h != nil {
					if found[owner] == nil {
						found[owner] = map[string][]*ast.VariableStatement{}
					}
					found[owner][h.name] = append(found[owner][h.name], n)
					return false
				}
			}
			return true
		}
	}
	for _, t := range trees {
		walkSyntax(reflect.ValueOf(t).Elem(), within(t))
	}
	if len(found) == 0 {
		return nil
	}
	recognised := map[*ast.VariableStatement]bool{}
	for _, byName := range found {
		for _, list := range byName {
			for _, st := range list {
				recognised[st] = true
			}
		}
	}
	misused := helperMisuse(trees, table, recognised)
	declared := declaredNames(trees)
	trust := &helperTrust{statements: map[*ast.VariableStatement]bool{},
		owners: map[interface{}]map[string]*esbuildHelper{}, top: map[string]*esbuildHelper{}, names: map[string]bool{}}
	for owner, byName := range found {
		ok := map[string]*esbuildHelper{}
		for name := range byName {
			if h := table.byName[name]; !misused[name] && !declaresAny(declared, h.free) && !declaresAny(rebound, h.free) {
				ok[name] = h
			}
		}
		for grew := true; grew; { // drop helpers whose dependencies are not trusted
			grew = false
			for name, h := range ok {
				for _, d := range h.deps {
					if ok[d] == nil {
						delete(ok, name)
						grew = true
						break
					}
				}
			}
		}
		for name := range ok {
			trust.names[name] = true
			for _, st := range byName[name] {
				trust.statements[st] = true
			}
		}
		if _, program := owner.(*ast.Program); program {
			for n, h := range ok {
				trust.top[n] = h
			}
		} else {
			trust.owners[owner] = ok
		}
	}
	return trust
}

// declaresAny reports whether the scripts declare one of names (then a
// helper's built-in may be one of the scripts' variables).
func declaresAny(declared map[string]bool, names []string) bool {
	for _, n := range names {
		if declared[n] {
			return true
		}
	}
	return false
}

// helperMisuse reports the helper names that occur other than in their
// recognised statements or as the callee of a call or new.
func helperMisuse(trees []*ast.Program, table helperTable, recognised map[*ast.VariableStatement]bool) map[string]bool {
	misused := map[string]bool{}
	bindings := map[*ast.Binding]bool{}
	for st := range recognised {
		bindings[st.List[0]] = true
	}
	var visit func(interface{}, bool) bool
	walk := func(x interface{}) { walkSyntax(reflect.ValueOf(x), visit) }
	callee := func(c ast.Expression, args []ast.Expression) bool {
		id, ok := c.(*ast.Identifier)
		if !ok || table.byName[id.Name.String()] == nil {
			return true
		}
		for _, x := range args {
			walk(x)
		}
		return false
	}
	visit = func(n interface{}, held bool) bool {
		switch n := n.(type) {
		case *ast.Identifier:
			if !held && table.byName[n.Name.String()] != nil {
				misused[n.Name.String()] = true
			}
		case *ast.PropertyShort:
			if table.byName[n.Name.Name.String()] != nil {
				misused[n.Name.Name.String()] = true
			}
		case *ast.VariableStatement:
			return !recognised[n]
		case *ast.VariableDeclaration: // the var statements again, as declarations
			for _, b := range n.List {
				if !bindings[b] {
					walk(b)
				}
			}
			return false
		case *ast.CallExpression:
			return callee(n.Callee, n.ArgumentList)
		case *ast.NewExpression:
			return callee(n.Callee, n.ArgumentList)
		}
		return true
	}
	for _, t := range trees {
		walk(t)
	}
	return misused
}

// declaredNames are all names the scripts declare, in any scope.
func declaredNames(trees []*ast.Program) map[string]bool {
	out := map[string]bool{}
	add := func(n string) { out[n] = true }
	for _, t := range trees {
		for _, n := range topLevelNames(t) {
			add(n)
		}
		walkSyntax(reflect.ValueOf(t), func(n interface{}, held bool) bool {
			if names, ok := scopeNames(n); ok {
				for _, x := range names {
					add(x)
				}
			}
			switch n := n.(type) {
			case *ast.FunctionLiteral:
				if n.Name != nil {
					add(n.Name.Name.String())
				}
			case *ast.ClassLiteral:
				if n.Name != nil {
					add(n.Name.Name.String())
				}
			}
			return true
		})
	}
	return out
}

// trustedHelper returns the trusted helper name refers to here, or nil.
// A name trusted somewhere that resolves here to no trusted helper cannot
// happen (every other occurrence would be a misuse); should it, the
// scripts are refused, as a skipped helper statement's binding could then
// be used unchecked.
func (a *confineAnalyzer) trustedHelper(name string) *esbuildHelper {
	if a.helpers == nil || !a.helpers.names[name] {
		return nil
	}
	var h *esbuildHelper
	found := false
	for i := len(a.scopes) - 1; i >= 0 && !found; i-- {
		if a.scopes[i][name] {
			h, found = a.helperScopes[i][name], true
		}
	}
	if !found && a.top[name] {
		h = a.helpers.top[name]
	}
	if h == nil {
		a.fail("cannot tell which esbuild helper %s is", name)
	}
	return h
}

// helperCall checks a call of a trusted helper against its contract.
func (a *confineAnalyzer) helperCall(h *esbuildHelper, args []ast.Expression, isNew bool) {
	switch h.contract {
	case helperInternal:
		a.fail("calls the esbuild helper %s, which only esbuild's helpers may call", h.name)
		return
	case helperNew:
		if !isNew {
			a.fail("calls the esbuild helper %s without new", h.name)
			return
		}
	case helperSymbol:
		if len(args) != 1 {
			a.fail("calls the esbuild helper %s with %d arguments", h.name, len(args))
			return
		}
		if s, ok := args[0].(*ast.StringLiteral); !ok || !wellKnownSymbols[s.Value.String()] {
			a.fail("calls the esbuild helper %s with something other than a well-known symbol's name", h.name)
		}
		return
	case helperGenerator:
		if len(args) == 3 {
			_, this := args[0].(*ast.ThisExpression)
			if g, ok := args[2].(*ast.FunctionLiteral); this && ok && g.Generator && !usesThis(g) {
				args = args[1:] // this only becomes the receiver of a generator that never reads it
			}
		}
	}
	for _, x := range args {
		a.escape(unspread(x))
	}
}

// helperNames lists the trusted helpers, for tests and messages.
func (t *helperTrust) helperNames() []string {
	seen := map[string]bool{}
	for n := range t.top {
		seen[n] = true
	}
	for _, m := range t.owners {
		for n := range m {
			seen[n] = true
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// forAwaitClose checks esbuild's closing of a lowered for await loop,
// `more && (temp = iter.return) && await temp.call(iter)`, as the method
// call iter.return() it is (temp holds iter's own return, called on iter,
// with nothing run in between), and reports whether e has that form.
func (a *confineAnalyzer) forAwaitClose(e ast.Expression) bool {
	outer, ok := e.(*ast.BinaryExpression)
	if !ok || outer.Operator != token.LOGICAL_AND {
		return false
	}
	inner, ok := outer.Left.(*ast.BinaryExpression)
	if !ok || inner.Operator != token.LOGICAL_AND {
		return false
	}
	set, ok := inner.Right.(*ast.AssignExpression)
	if !ok || set.Operator != token.ASSIGN {
		return false
	}
	temp, ok1 := set.Left.(*ast.Identifier)
	read, ok2 := set.Right.(*ast.DotExpression)
	if !ok1 || !ok2 || read.Identifier.Name != "return" {
		return false
	}
	iter, ok := read.Left.(*ast.Identifier)
	if !ok {
		return false
	}
	wait, ok := outer.Right.(*ast.AwaitExpression)
	if !ok {
		return false
	}
	call, ok := wait.Argument.(*ast.CallExpression)
	if !ok || len(call.ArgumentList) != 1 {
		return false
	}
	method, ok := call.Callee.(*ast.DotExpression)
	if !ok || method.Identifier.Name != "call" {
		return false
	}
	fn, ok1 := method.Left.(*ast.Identifier)
	this, ok2 := call.ArgumentList[0].(*ast.Identifier)
	if !ok1 || !ok2 || fn.Name != temp.Name || this.Name != iter.Name || temp.Name == iter.Name {
		return false
	}
	a.consume(inner.Left)
	a.target(temp, a.value(read))
	a.method(iter, "return")
	return true
}

// usesThis reports whether this occurs anywhere in f (nested functions
// included).
func usesThis(f *ast.FunctionLiteral) bool {
	found := false
	walkSyntax(reflect.ValueOf(f), func(n interface{}, _ bool) bool {
		if _, ok := n.(*ast.ThisExpression); ok {
			found = true
		}
		return !found
	})
	return found
}
