package isolation

import (
	"reflect"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// Script is what a script can do to the global object, found once at
// compile time so that resetting a runtime between calls does not have to
// enumerate the global object (which costs ~10 µs in goja).
type Script struct {
	// Declared are the top-level var/let/const/class/function names.
	Declared []string
	// Consts are the top-level const names.
	Consts []string
	// Assigned are identifiers assigned where no enclosing function or
	// block declares them (scopes.go): the only names an undeclared
	// ("implicit") global can be created under, and the only globals a
	// call can rebind by name.
	Assigned []string
	// Simple is set when the top level only declares functions and
	// primitive values: restoring the bindings captured after loading
	// equals running the script again, unless a function object is used
	// as a value (confinement.functionValues).
	Simple bool
	// Inert is set when running the top level runs no code of the script's
	// own and calls nothing (declarations of functions, classes, literals,
	// new Map() and the like): replaying it cannot reach the API.
	Inert bool
}

// Analyze walks the syntax tree once.
func Analyze(tree *ast.Program) Script {
	g := Script{Simple: true, Inert: true}
	w := &globalsWalker{assigned: map[string]bool{}}
	w.walk(reflect.ValueOf(tree))
	for _, st := range tree.Body {
		g.Inert = g.Inert && inertStatement(st)
		switch s := st.(type) {
		case *ast.FunctionDeclaration:
		case *ast.VariableStatement:
			g.Simple = g.Simple && primitiveBindings(s.List)
		case *ast.LexicalDeclaration:
			g.Simple = g.Simple && primitiveBindings(s.List)
			if s.Token == token.CONST {
				for _, b := range s.List {
					g.Consts = append(g.Consts, bindingNames(b.Target)...)
				}
			}
		case *ast.EmptyStatement:
		case *ast.ExpressionStatement:
			if _, directive := s.Expression.(*ast.StringLiteral); !directive {
				g.Simple = false
			}
		default:
			g.Simple = false
		}
	}
	seen := map[string]bool{}
	for _, name := range topLevelNames(tree) {
		if !seen[name] {
			seen[name] = true
			g.Declared = append(g.Declared, name)
		}
	}
	for name := range w.assigned {
		g.Assigned = append(g.Assigned, name)
	}
	return g
}

// inertStatement reports whether running st at the top level runs no
// script code and calls nothing but a few built-in constructors.
func inertStatement(st ast.Statement) bool {
	switch s := st.(type) {
	case *ast.FunctionDeclaration, *ast.EmptyStatement:
		return true
	case *ast.ExpressionStatement:
		_, directive := s.Expression.(*ast.StringLiteral)
		return directive
	case *ast.VariableStatement:
		return inertBindings(s.List)
	case *ast.LexicalDeclaration:
		return inertBindings(s.List)
	case *ast.ClassDeclaration:
		return inertExpression(s.Class)
	}
	return false
}

func inertBindings(list []*ast.Binding) bool {
	for _, b := range list {
		if _, isName := b.Target.(*ast.Identifier); !isName || !inertExpression(b.Initializer) {
			return false
		}
	}
	return true
}

// inertConstructors may be called with inert arguments at the top level of
// a script whose top level is still inert.
var inertConstructors = set("Map", "Set", "WeakMap", "WeakSet", "Date", "Array", "Object")

func inertExpression(e ast.Expression) bool {
	switch v := e.(type) {
	case nil, *ast.StringLiteral, *ast.NumberLiteral, *ast.BooleanLiteral, *ast.NullLiteral, *ast.RegExpLiteral,
		*ast.FunctionLiteral, *ast.ArrowFunctionLiteral:
		return true
	case *ast.Identifier:
		return v.Name == "undefined"
	case *ast.UnaryExpression:
		return (v.Operator == token.MINUS || v.Operator == token.NOT) && primitiveInitializer(v.Operand)
	case *ast.ArrayLiteral:
		for _, x := range v.Value {
			if _, spread := x.(*ast.SpreadElement); spread || !inertExpression(x) {
				return false
			}
		}
		return true
	case *ast.ObjectLiteral:
		for _, p := range v.Value {
			k, ok := p.(*ast.PropertyKeyed)
			if !ok || k.Computed || !inertExpression(k.Value) {
				return false
			}
		}
		return true
	case *ast.NewExpression:
		id, ok := v.Callee.(*ast.Identifier)
		if !ok || !inertConstructors[id.Name.String()] {
			return false
		}
		for _, x := range v.ArgumentList {
			if !primitiveInitializer(x) {
				return false
			}
		}
		return true
	case *ast.ClassLiteral:
		if v.SuperClass != nil {
			return false
		}
		for _, el := range v.Body {
			switch el := el.(type) {
			case *ast.MethodDefinition:
				if el.Computed {
					return false
				}
			case *ast.FieldDefinition:
				if el.Computed || (el.Static && !inertExpression(el.Initializer)) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return false
}

func primitiveBindings(list []*ast.Binding) bool {
	for _, b := range list {
		if _, isName := b.Target.(*ast.Identifier); !isName || !primitiveInitializer(b.Initializer) {
			return false
		}
	}
	return true
}

func primitiveInitializer(e ast.Expression) bool {
	switch v := e.(type) {
	case nil, *ast.StringLiteral, *ast.NumberLiteral, *ast.BooleanLiteral, *ast.NullLiteral:
		return true
	case *ast.Identifier:
		return v.Name == "undefined"
	case *ast.UnaryExpression:
		return v.Operator == token.MINUS && primitiveInitializer(v.Operand)
	}
	return false
}

func bindingNames(t ast.BindingTarget) []string {
	var names []string
	patternNames(t, func(n string) { names = append(names, n) })
	return names
}

type globalsWalker struct {
	assigned map[string]bool
	scopes   scopeStack
}

// walk visits every node and notes assignment targets.
func (w *globalsWalker) walk(v reflect.Value) {
	walkSyntax(v, w.visitNode)
}

func (w *globalsWalker) visitNode(node interface{}, held bool) bool {
	if held { // an identifier held by value is a name, not a reference
		return true
	}
	w.visit(node)
	if names, ok := scopeNames(node); ok {
		w.walkScoped(node, names)
		return false
	}
	return true
}

// walkSyntax calls visit for every syntax node under v: nodes behind
// pointers (held=false) and identifiers held by value, such as the name in a
// shorthand property or after a dot (held=true). It descends into a node
// unless visit returns false.
func walkSyntax(v reflect.Value, visit func(node interface{}, held bool) bool) {
	if !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			walkSyntax(v.Elem(), visit)
		}
	case reflect.Ptr:
		if !v.IsNil() && visit(v.Interface(), false) {
			walkSyntax(v.Elem(), visit)
		}
	case reflect.Struct:
		if id, ok := v.Interface().(ast.Identifier); ok {
			visit(&id, true)
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanInterface() && walkable(f.Type()) {
				walkSyntax(f, visit)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkSyntax(v.Index(i), visit)
		}
	}
}

// walkable limits the walk to syntax nodes (not file positions or sources).
func walkable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Ptr, reflect.Slice:
		return walkable(t.Elem())
	case reflect.Struct:
		return t.PkgPath() == "github.com/dop251/goja/ast"
	}
	return false
}

func (w *globalsWalker) visit(n interface{}) {
	switch n := n.(type) {
	case *ast.AssignExpression:
		w.target(n.Left)
	case *ast.UnaryExpression:
		if n.Operator == token.INCREMENT || n.Operator == token.DECREMENT || n.Operator == token.DELETE {
			w.target(n.Operand)
		}
	case *ast.ForInStatement:
		w.target(n.Into)
	case *ast.ForOfStatement:
		w.target(n.Into)
	}
}

// target records the names an assignment target can create or mutate.
func (w *globalsWalker) target(t interface{}) {
	switch t.(type) {
	case *ast.DotExpression, *ast.BracketExpression:
		// a property write: confine.go follows what it can reach.
	case *ast.ForDeclaration:
		// for (let x of …) declares x in the loop's scope: not an assignment.
	default:
		collectIdentifiers(reflect.ValueOf(t), func(id *ast.Identifier) {
			if name := id.Name.String(); !w.scopes.declares(name) {
				w.assigned[name] = true
			}
		})
	}
}

// collectIdentifiers calls fn for every identifier under v.
func collectIdentifiers(v reflect.Value, fn func(*ast.Identifier)) {
	walkSyntax(v, func(node interface{}, _ bool) bool {
		if id, ok := node.(*ast.Identifier); ok {
			fn(id)
			return false
		}
		return true
	})
}
