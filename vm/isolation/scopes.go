package isolation

import (
	"reflect"

	"github.com/dop251/goja/ast"
)

// Scopes for Analyze: an assignment only creates or changes a
// global when no enclosing function, block, catch clause or loop declares
// the name. The top level is not a scope here: its names are the globals.
//
// The analysis is conservative. Names it cannot see a declaration for count
// as possibly global (an extra check per call); a name it takes as declared
// must be declared, or an accidental global could outlive its call. So a
// function's own name and a class's name are never treated as local (their
// inner bindings are immutable anyway), and in a destructuring pattern only
// the names being bound count, never those in default values.

// scopeNames collects the names a scope-creating node declares; ok is false
// for nodes that do not create a scope.
func scopeNames(node interface{}) (names []string, ok bool) {
	add := func(n string) { names = append(names, n) }
	switch n := node.(type) {
	case *ast.FunctionLiteral:
		paramNames(n.ParameterList, add)
		declarationNames(n.DeclarationList, add)
	case *ast.ArrowFunctionLiteral:
		paramNames(n.ParameterList, add)
		declarationNames(n.DeclarationList, add)
	case *ast.ClassStaticBlock:
		declarationNames(n.DeclarationList, add)
	case *ast.BlockStatement:
		lexicalNames(n.List, add)
	case *ast.SwitchStatement:
		for _, c := range n.Body {
			lexicalNames(c.Consequent, add)
		}
	case *ast.CatchStatement:
		patternNames(n.Parameter, add)
	case *ast.ForStatement:
		if d, isDecl := n.Initializer.(*ast.ForLoopInitializerLexicalDecl); isDecl {
			for _, b := range d.LexicalDeclaration.List {
				patternNames(b.Target, add)
			}
		}
	case *ast.ForInStatement:
		forDeclarationNames(n.Into, add)
	case *ast.ForOfStatement:
		forDeclarationNames(n.Into, add)
	default:
		return nil, false
	}
	return names, true
}

func paramNames(params *ast.ParameterList, add func(string)) {
	if params == nil {
		return
	}
	for _, b := range params.List {
		patternNames(b.Target, add)
	}
	patternNames(params.Rest, add)
}

func declarationNames(list []*ast.VariableDeclaration, add func(string)) {
	for _, d := range list {
		for _, b := range d.List {
			patternNames(b.Target, add)
		}
	}
}

// lexicalNames are the let/const/class/function names a statement list
// declares directly.
func lexicalNames(list []ast.Statement, add func(string)) {
	for _, st := range list {
		switch s := st.(type) {
		case *ast.LexicalDeclaration:
			for _, b := range s.List {
				patternNames(b.Target, add)
			}
		case *ast.ClassDeclaration:
			if s.Class != nil && s.Class.Name != nil {
				add(s.Class.Name.Name.String())
			}
		case *ast.FunctionDeclaration:
			if s.Function != nil && s.Function.Name != nil {
				add(s.Function.Name.Name.String())
			}
		}
	}
}

func forDeclarationNames(into ast.ForInto, add func(string)) {
	if d, ok := into.(*ast.ForDeclaration); ok {
		patternNames(d.Target, add)
	}
}

// patternNames calls add for each name a binding target binds: the names
// themselves, not the identifiers in default values or computed keys.
func patternNames(target interface{}, add func(string)) {
	switch p := target.(type) {
	case *ast.Identifier:
		if p != nil {
			add(p.Name.String())
		}
	case *ast.ObjectPattern:
		for _, prop := range p.Properties {
			switch q := prop.(type) {
			case *ast.PropertyShort:
				add(q.Name.Name.String())
			case *ast.PropertyKeyed:
				patternNames(q.Value, add)
			}
		}
		patternNames(p.Rest, add)
	case *ast.ArrayPattern:
		for _, e := range p.Elements {
			patternNames(e, add)
		}
		patternNames(p.Rest, add)
	case *ast.AssignExpression: // a default value: [a = 1], {a: b = 1}
		patternNames(p.Left, add)
	}
}

// scopeStack is the chain of scopes enclosing the node being visited.
type scopeStack []map[string]bool

func (s scopeStack) declares(name string) bool {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i][name] {
			return true
		}
	}
	return false
}

// walkScoped walks the children of a scope-creating node with its scope
// pushed.
func (w *globalsWalker) walkScoped(node interface{}, names []string) {
	scope := make(map[string]bool, len(names))
	for _, n := range names {
		scope[n] = true
	}
	w.scopes = append(w.scopes, scope)
	walkSyntax(reflect.ValueOf(node).Elem(), w.visitNode)
	w.scopes = w.scopes[:len(w.scopes)-1]
}
