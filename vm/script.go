package vm

import (
	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
)

// Script is one JavaScript source run into every runtime of a pool.
type Script struct {
	// Name is the file name shown in stack traces, e.g. "orders.js" or
	// "api-1/endpoints[2]".
	Name string
	// Source is the JavaScript text.
	Source string
}

// program is a compiled script, shared read-only by every runtime.
type program struct {
	name    string
	prg     *goja.Program
	globals scriptGlobals
}

// compileScripts parses and compiles each script once. In isolated mode the
// top-level let/const/class declarations are compiled as var bindings so the
// script can be run again into the same runtime to restore its fresh
// top-level state (a second run of a lexical declaration would throw
// "Identifier has already been declared"). The rewrite happens on the syntax
// tree, so file positions and stack traces are unchanged.
func compileScripts(scripts []Script, state State) ([]program, error) {
	out := make([]program, 0, len(scripts))
	for _, s := range scripts {
		p, err := compileScript(s, state == StateIsolated)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func compileScript(s Script, rerunnable bool) (program, error) {
	tree, err := goja.Parse(s.Name, s.Source)
	if err != nil {
		return program{}, &CompileError{Script: s.Name, Err: err}
	}
	if rerunnable {
		hoistLexicalDeclarations(tree)
	}
	prg, err := goja.CompileAST(tree, false)
	if err != nil {
		return program{}, &CompileError{Script: s.Name, Err: err}
	}
	return program{name: s.Name, prg: prg, globals: analyzeGlobals(tree)}, nil
}

// hoistLexicalDeclarations turns top-level `let`/`const` declarations and
// `class` declarations into `var` bindings. Only the top level is touched:
// block-scoped declarations inside functions and blocks keep their meaning.
func hoistLexicalDeclarations(tree *ast.Program) {
	for i, st := range tree.Body {
		switch decl := st.(type) {
		case *ast.LexicalDeclaration:
			tree.Body[i] = &ast.VariableStatement{Var: decl.Idx, List: decl.List}
			tree.DeclarationList = append(tree.DeclarationList,
				&ast.VariableDeclaration{Var: decl.Idx, List: decl.List})
		case *ast.ClassDeclaration:
			if decl.Class == nil || decl.Class.Name == nil {
				continue
			}
			binding := &ast.Binding{
				Target:      &ast.Identifier{Name: decl.Class.Name.Name, Idx: decl.Class.Name.Idx},
				Initializer: decl.Class,
			}
			tree.Body[i] = &ast.VariableStatement{Var: decl.Class.Class, List: []*ast.Binding{binding}}
			tree.DeclarationList = append(tree.DeclarationList,
				&ast.VariableDeclaration{Var: decl.Class.Class, List: []*ast.Binding{binding}})
		}
	}
}
