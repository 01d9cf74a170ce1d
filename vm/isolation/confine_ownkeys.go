package isolation

import (
	"reflect"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// Own keys for the confinement analysis (confine.go): in `for (k in o)`,
// `for (k of Object.keys(o))` and `Object.keys(o).forEach(function (k) …)`,
// o[k] reads one of o's own properties (or an enumerable inherited one,
// which built-ins do not have), so it gives o's data, not a built-in.

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
	var declared []*ast.VariableDeclaration
	switch f := fn.(type) {
	case *ast.FunctionLiteral:
		declared = f.DeclarationList
	case *ast.ArrowFunctionLiteral:
		declared = f.DeclarationList
	}
	redeclares := false
	declarationNames(declared, func(n string) {
		if n == k.Name.String() || n == dottedName(obj) {
			redeclares = true
		}
	})
	if redeclares {
		return false
	}
	// The callback's own scope (its parameters) is pushed when it is
	// walked: the key is declared there, so checks start above it.
	pop := a.pushOwnKeys(a.value(obj), obj, k.Name.String(), true, body, params.List[1:])
	if len(a.ownKeys) > 0 && a.ownKeys[len(a.ownKeys)-1].key == k.Name.String() {
		a.ownKeys[len(a.ownKeys)-1].depth++
	}
	a.value(fn)
	pop()
	return true
}

// forIntoName is the loop variable of a for-in/of and whether it is a
// let/const of the loop (assignable only in its body).
func forIntoName(into ast.ForInto) (string, bool) {
	switch i := into.(type) {
	case *ast.ForIntoVar:
		if id, ok := i.Binding.Target.(*ast.Identifier); ok && i.Binding.Initializer == nil {
			return id.Name.String(), false
		}
	case *ast.ForDeclaration:
		if id, ok := i.Target.(*ast.Identifier); ok {
			return id.Name.String(), true
		}
	}
	return "", false // an assignment target: rebound by definition
}

// pushOwnKeys records that key ranges over the own keys of source while
// body runs, and returns the function that drops the record. It records
// nothing unless neither can change meanwhile: source is an untainted
// variable that nothing anywhere assigns or declares twice (a closure
// called from the body could), and key is a let/const loop variable or a
// callback parameter that body does not assign (keyScoped), or a var no
// code anywhere assigns or declares twice. Scripts using arguments (which
// aliases parameters) or deleting any property get no records.
func (a *confineAnalyzer) pushOwnKeys(sourceTainted bool, source ast.Expression, key string, keyScoped bool, body ast.Node, extra ...[]*ast.Binding) func() {
	none := func() {}
	id, ok := source.(*ast.Identifier)
	if sourceTainted || !ok || key == "" || a.arguments || a.deletes || a.resolve(id.Name.String()) == nameBuiltin {
		return none
	}
	object := id.Name.String()
	if object == key || a.rebound[object] || a.redeclared[object] {
		return none
	}
	for _, list := range extra {
		for _, b := range list {
			for _, n := range bindingNames(b.Target) {
				if n == object || n == key {
					return none
				}
			}
		}
	}
	if keyScoped {
		if rebinds(body, map[string]bool{key: true}) {
			return none
		}
	} else if a.rebound[key] || a.redeclared[key] {
		return none
	}
	a.ownKeys = append(a.ownKeys, ownKey{object: object, key: key, depth: len(a.scopes)})
	return func() { a.ownKeys = a.ownKeys[:len(a.ownKeys)-1] }
}

// noteRebinding records, for the whole tree, the names assignments rebind
// and the names a function (or the program) declares more than once.
func (a *confineAnalyzer) noteRebinding(t *ast.Program) {
	note := func(n string) { a.rebound[n] = true }
	countDeclarations := func(params *ast.ParameterList, list []*ast.VariableDeclaration) {
		seen := map[string]int{}
		if params != nil {
			for _, b := range params.List {
				patternNames(b.Target, func(n string) { seen[n]++ })
			}
			patternNames(params.Rest, func(n string) { seen[n]++ })
		}
		declarationNames(list, func(n string) { seen[n]++ })
		for n, c := range seen {
			if c > 1 {
				a.redeclared[n] = true
			}
		}
	}
	countDeclarations(nil, t.DeclarationList)
	walkSyntax(reflect.ValueOf(t), func(n interface{}, held bool) bool {
		if held {
			return true
		}
		switch n := n.(type) {
		case *ast.AssignExpression:
			assignedNames(n.Left, note)
		case *ast.UnaryExpression:
			if n.Operator == token.INCREMENT || n.Operator == token.DECREMENT || n.Operator == token.DELETE {
				assignedNames(n.Operand, note)
			}
			if n.Operator == token.DELETE {
				switch n.Operand.(type) {
				case *ast.DotExpression, *ast.BracketExpression, *ast.PrivateDotExpression:
					a.deletes = true
				}
			}
		case *ast.ForInStatement:
			if e, ok := n.Into.(*ast.ForIntoExpression); ok {
				assignedNames(e.Expression, note)
			}
		case *ast.ForOfStatement:
			if e, ok := n.Into.(*ast.ForIntoExpression); ok {
				assignedNames(e.Expression, note)
			}
		case *ast.FunctionLiteral:
			countDeclarations(n.ParameterList, n.DeclarationList)
		case *ast.ArrowFunctionLiteral:
			countDeclarations(n.ParameterList, n.DeclarationList)
		}
		return true
	})
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
		if p.object == o.Name.String() && p.key == k.Name.String() && !a.redeclaredAbove(p) {
			return true
		}
	}
	return false
}

// redeclaredAbove reports whether a scope entered after p was recorded
// declares its object or key again.
func (a *confineAnalyzer) redeclaredAbove(p ownKey) bool {
	for _, scope := range a.scopes[min(p.depth, len(a.scopes)):] {
		if scope[p.object] || scope[p.key] {
			return true
		}
	}
	return false
}

// dottedName is the name of an identifier expression ("" otherwise).
func dottedName(e ast.Expression) string {
	if id, ok := e.(*ast.Identifier); ok {
		return id.Name.String()
	}
	return ""
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
