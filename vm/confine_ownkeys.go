package vm

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
