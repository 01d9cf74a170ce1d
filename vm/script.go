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

// compileScripts parses each script, analyses all of them together
// (isolation.go) and compiles each once. In isolated mode, when runtimes
// are reset by replaying the top level, the top-level let/const/class
// declarations are compiled as var bindings so the script can be run again
// into the same runtime (a second run of a lexical declaration would throw
// "Identifier has already been declared"). The rewrite happens on the
// syntax tree, so file positions and stack traces are unchanged.
func compileScripts(scripts []Script, state State) ([]program, error) {
	trees := make([]*ast.Program, len(scripts))
	infos := make([]scriptGlobals, len(scripts))
	for i, s := range scripts {
		tree, err := goja.Parse(s.Name, s.Source)
		if err != nil {
			return nil, &CompileError{Script: s.Name, Err: err}
		}
		trees[i], infos[i] = tree, analyzeGlobals(tree)
	}
	iso := decideIsolation(trees, infos)
	out := make([]program, 0, len(scripts))
	for i, s := range scripts {
		if state == StateIsolated && iso.mode == resetReplay {
			hoistLexicalDeclarations(trees[i])
		}
		prg, err := goja.CompileAST(trees[i], false)
		if err != nil {
			return nil, &CompileError{Script: s.Name, Err: err}
		}
		infos[i].iso = iso
		out = append(out, program{name: s.Name, prg: prg, globals: infos[i]})
	}
	return out, nil
}

// compileScript compiles one script as a pool of its own would.
func compileScript(s Script, state State) (program, error) {
	p, err := compileScripts([]Script{s}, state)
	if err != nil {
		return program{}, err
	}
	return p[0], nil
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
