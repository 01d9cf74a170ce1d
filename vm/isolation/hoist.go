package isolation

import "github.com/dop251/goja/ast"

// HoistLexicalDeclarations turns top-level `let`/`const` declarations and
// `class` declarations into `var` bindings. Only the top level is touched:
// block-scoped declarations inside functions and blocks keep their meaning.
func HoistLexicalDeclarations(tree *ast.Program) {
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
