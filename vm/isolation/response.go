package isolation

import (
	"reflect"

	"github.com/dop251/goja/ast"
)

// ResponseUnobserved reports whether no script can see the string
// TykJsResponse returns — only the host receives it — so that
// TykJsResponse need not build it (package tykapi hands the host the
// response it was given instead). That holds when every reference to
// TykJsResponse in the pool's scripts is a call returned at once by a
// top-level function declaration (`function f(request, session, config) {
// … return TykJsResponse(…) }`, not inside a nested function) that
// nothing else references: no other code names it (so only the host calls
// it and receives what it returns) and it does not use arguments (whose
// callee is the function). reach must be the scripts' FindReach: code that
// reaches globals dynamically (eval, globalThis, …) can observe anything.
//
// The analysis is conservative: it counts every identifier spelled like a
// name as a reference, declarations included, so shadowing or redeclaring
// either name makes it report false.
func ResponseUnobserved(trees []*ast.Program, reach Reach) bool {
	if reach.Dynamic {
		return false
	}
	refs := identifierCounts(trees)
	total := refs[responseFunction]
	if total == 0 || refs["arguments"] > 0 {
		return false
	}
	returned := 0
	for _, t := range trees {
		for _, st := range t.Body {
			fd, ok := st.(*ast.FunctionDeclaration)
			if !ok || fd.Function == nil || fd.Function.Name == nil || fd.Function.Generator {
				continue
			}
			n := returnedResponses(fd.Function.Body)
			if n > 0 && refs[fd.Function.Name.Name.String()] != 1 {
				return false // the function is named elsewhere: its result may reach a script
			}
			returned += n
		}
	}
	return returned == total
}

const responseFunction = "TykJsResponse"

// identifierCounts counts the identifiers of the scripts by name: every
// reference and declaration, and shorthand properties ({name}).
func identifierCounts(trees []*ast.Program) map[string]int {
	refs := map[string]int{}
	for _, t := range trees {
		walkSyntax(reflect.ValueOf(t), func(node interface{}, held bool) bool {
			if held {
				return true // a name after a dot: a property, not a reference
			}
			switch n := node.(type) {
			case *ast.Identifier:
				refs[n.Name.String()]++
			case *ast.PropertyShort:
				refs[n.Name.Name.String()]++
			}
			return true
		})
	}
	return refs
}

// returnedResponses counts the statements `return TykJsResponse(…)` in
// body, outside nested functions and classes.
func returnedResponses(body *ast.BlockStatement) int {
	n := 0
	walkSyntax(reflect.ValueOf(body), func(node interface{}, held bool) bool {
		switch x := node.(type) {
		case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral, *ast.ClassLiteral:
			return false
		case *ast.ReturnStatement:
			if call, ok := x.Argument.(*ast.CallExpression); ok {
				if id, ok := call.Callee.(*ast.Identifier); ok && id.Name.String() == responseFunction {
					n++
				}
			}
		}
		return true
	})
	return n
}
