package isolation

import (
	"reflect"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// Numeric keys for the confinement analysis (confine.go): o[i] with i a
// number reads an element, and no built-in holds an object under an index
// (the only built-in array, Array.prototype, is empty), so it cannot give a
// built-in. A variable is numeric when every assignment to its name, in
// every script, stores a number (loop counters: i = 0, i++, i += 2,
// i = n - 1); one left uninitialised reads as undefined, also harmless.

var numericOperators = map[token.Token]bool{
	token.MINUS: true, token.MULTIPLY: true, token.SLASH: true, token.REMAINDER: true, token.EXPONENT: true,
	token.AND: true, token.OR: true, token.EXCLUSIVE_OR: true, token.SHIFT_LEFT: true, token.SHIFT_RIGHT: true,
	token.UNSIGNED_SHIFT_RIGHT: true,
}

// numericCalls return a number whatever their arguments.
var numericCalls = set("Number", "parseInt", "parseFloat", "Date.now", "Number.parseInt", "Number.parseFloat")

// numericVariables finds the numeric variables of the scripts: names with
// at least one numeric assignment and no other kind of binding.
func numericVariables(trees []*ast.Program, census builtinCensus) map[string]bool {
	type site struct {
		name  string
		value ast.Expression // nil: not a number (a parameter, a loop key, a pattern)
	}
	var sites []site
	other := func(n string) { sites = append(sites, site{name: n}) }
	for _, t := range trees {
		walkSyntax(reflect.ValueOf(t), func(n interface{}, held bool) bool {
			if held {
				return true
			}
			switch n := n.(type) {
			case *ast.Binding:
				if id, ok := n.Target.(*ast.Identifier); ok {
					if n.Initializer != nil {
						sites = append(sites, site{id.Name.String(), n.Initializer})
					}
				} else {
					patternNames(n.Target, other)
				}
			case *ast.ParameterList:
				for _, b := range n.List {
					patternNames(b.Target, other)
				}
				patternNames(n.Rest, other)
			case *ast.CatchStatement:
				patternNames(n.Parameter, other)
			case *ast.ForInStatement:
				assignedNames(forIntoTarget(n.Into), other)
			case *ast.ForOfStatement:
				assignedNames(forIntoTarget(n.Into), other)
			case *ast.FunctionLiteral:
				if n.Name != nil {
					other(n.Name.Name.String())
				}
			case *ast.ClassLiteral:
				if n.Name != nil {
					other(n.Name.Name.String())
				}
			case *ast.AssignExpression:
				id, ok := n.Left.(*ast.Identifier)
				switch {
				case !ok:
					assignedNames(n.Left, other)
				case n.Operator == token.ASSIGN || n.Operator == token.PLUS:
					sites = append(sites, site{id.Name.String(), n.Right})
				case !numericOperators[n.Operator]:
					other(id.Name.String())
				}
			}
			return true
		})
	}
	numeric := map[string]bool{}
	for _, s := range sites {
		numeric[s.name] = s.value != nil && !census.globals[s.name]
	}
	for _, s := range sites {
		if s.value == nil {
			numeric[s.name] = false
		}
	}
	for changed := true; changed; {
		changed = false
		for _, s := range sites {
			if numeric[s.name] && !numericExpression(s.value, numeric) {
				numeric[s.name], changed = false, true
			}
		}
	}
	return numeric
}

// numericExpression reports whether e always evaluates to a number (or a
// BigInt) given the numeric variables.
func numericExpression(e ast.Expression, numeric map[string]bool) bool {
	switch e := e.(type) {
	case *ast.NumberLiteral:
		return true
	case *ast.Identifier:
		return numeric[e.Name.String()]
	case *ast.UnaryExpression:
		switch e.Operator {
		case token.MINUS, token.PLUS, token.BITWISE_NOT, token.INCREMENT, token.DECREMENT:
			return true
		}
	case *ast.BinaryExpression:
		if e.Operator == token.PLUS {
			return numericExpression(e.Left, numeric) && numericExpression(e.Right, numeric)
		}
		return numericOperators[e.Operator]
	case *ast.ConditionalExpression:
		return numericExpression(e.Consequent, numeric) && numericExpression(e.Alternate, numeric)
	case *ast.SequenceExpression:
		return len(e.Sequence) > 0 && numericExpression(e.Sequence[len(e.Sequence)-1], numeric)
	case *ast.CallExpression:
		if p := dottedPath(e.Callee); p != nil {
			return numericCalls[joinPath(p)] || (len(p) == 2 && p[0] == "Math")
		}
	}
	return false
}
