package isolation

import (
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// Assignments, patterns, functions, classes and statements for the
// confinement analysis (confine.go).

func (a *confineAnalyzer) objectLiteral(o *ast.ObjectLiteral) {
	for _, p := range o.Value {
		switch p := p.(type) {
		case *ast.PropertyKeyed:
			if p.Computed {
				a.consume(p.Key)
			}
			a.escape(p.Value) // methods and accessors are fresh function literals
		case *ast.PropertyShort:
			a.escape(&p.Name)
			if p.Initializer != nil {
				a.fail("unsupported shorthand initializer in an object literal")
			}
		case *ast.SpreadElement:
			a.escape(p.Expression)
		default:
			a.fail("unsupported property %T", p)
		}
	}
}

// assign checks an assignment and reports whether its value may be a
// built-in.
func (a *confineAnalyzer) assign(e *ast.AssignExpression) bool {
	rhs := a.value(e.Right)
	if e.Operator != token.ASSIGN && e.Operator != token.LOGICAL_AND && e.Operator != token.LOGICAL_OR &&
		e.Operator != token.COALESCE {
		rhs = false // arithmetic compound assignment yields a primitive
		a.value(e.Left)
	}
	a.target(e.Left, rhs)
	return rhs
}

// target checks an assignment target that receives a value (tainted or
// not).
func (a *confineAnalyzer) target(t ast.Expression, tainted bool) {
	switch t := t.(type) {
	case *ast.Identifier:
		name := t.Name.String()
		if a.resolve(name) == nameBuiltin && !a.census.api[name] {
			a.fail("assigns the built-in %s", name)
		}
		if tainted {
			a.taint(name)
		}
	case *ast.DotExpression:
		a.write(t.Left, t.Identifier.Name.String(), tainted)
	case *ast.BracketExpression:
		a.consume(t.Member)
		name, _ := literalKey(t.Member)
		a.write(t.Left, name, tainted)
	case *ast.PrivateDotExpression:
		a.consume(t.Left)
		if tainted {
			a.fail("stores a value that may be a built-in object in a private field")
		}
	case *ast.ObjectPattern, *ast.ArrayPattern, *ast.ObjectLiteral, *ast.ArrayLiteral:
		a.pattern(t, tainted, false)
	default:
		a.fail("unsupported assignment target %T", t)
	}
}

// write checks a property write or delete on base.
func (a *confineAnalyzer) write(base ast.Expression, name string, stored bool) {
	if id, ok := base.(*ast.Identifier); ok && a.resolve(id.Name.String()) == nameTop && a.topFunctions[id.Name.String()] {
		a.out.functionValues = true
	}
	if a.value(base) {
		a.fail("writes .%s of a value that may be a built-in", name)
	}
	if stored {
		a.fail("stores a value that may be a built-in object in .%s", name)
	}
}

func (a *confineAnalyzer) unary(e *ast.UnaryExpression) {
	switch e.Operator {
	case token.DELETE:
		switch t := e.Operand.(type) {
		case *ast.DotExpression:
			a.write(t.Left, t.Identifier.Name.String(), false)
		case *ast.BracketExpression:
			a.consume(t.Member)
			a.write(t.Left, "[…]", false)
		case *ast.Identifier:
			if a.resolve(t.Name.String()) == nameBuiltin && !a.census.api[t.Name.String()] {
				a.fail("deletes the built-in %s", t.Name)
			}
		default:
			a.consume(e.Operand)
		}
	case token.INCREMENT, token.DECREMENT:
		a.value(e.Operand)
		a.target(e.Operand, false)
	default:
		a.consume(e.Operand)
	}
}

// pattern checks a destructuring pattern whose source may be tainted;
// declaring is set for declarations (whose targets are names only).
func (a *confineAnalyzer) pattern(p ast.Expression, source, declaring bool) {
	bind := func(t ast.Expression, tainted bool) {
		if declaring {
			a.bindingTarget(t, tainted)
		} else {
			a.target(t, tainted)
		}
	}
	switch p := p.(type) {
	case *ast.ObjectPattern:
		for _, prop := range p.Properties {
			a.patternProperty(prop, source, bind)
		}
		if p.Rest != nil {
			bind(p.Rest, source)
		}
	case *ast.ObjectLiteral:
		for _, prop := range p.Value {
			a.patternProperty(prop, source, bind)
		}
	case *ast.ArrayPattern:
		for _, el := range p.Elements {
			if el != nil {
				bind(el, source)
			}
		}
		if p.Rest != nil {
			bind(p.Rest, source)
		}
	case *ast.ArrayLiteral:
		for _, el := range p.Value {
			if el != nil {
				bind(unspread(el), source)
			}
		}
	case *ast.AssignExpression: // a default value
		bind(p.Left, source || a.value(p.Right))
	default:
		bind(p, source)
	}
}

func (a *confineAnalyzer) patternProperty(prop ast.Property, source bool, bind func(ast.Expression, bool)) {
	read := func(name string) bool {
		if dangerNames[name] {
			a.fail("destructures .%s", name)
		}
		return source || a.census.objects[name]
	}
	switch q := prop.(type) {
	case *ast.PropertyShort:
		tainted := read(q.Name.Name.String())
		if q.Initializer != nil {
			tainted = a.value(q.Initializer) || tainted
		}
		id := q.Name
		bind(&id, tainted)
	case *ast.PropertyKeyed:
		tainted := true
		if name, ok := literalKey(q.Key); ok && !q.Computed {
			tainted = read(name)
		} else if id, ok := q.Key.(*ast.Identifier); ok && !q.Computed {
			tainted = read(id.Name.String())
		} else {
			a.consume(q.Key)
		}
		bind(q.Value, tainted)
	case *ast.SpreadElement:
		bind(q.Expression, source)
	default:
		a.fail("unsupported pattern property %T", q)
	}
}

// bindingTarget binds the names of a declaration target.
func (a *confineAnalyzer) bindingTarget(t ast.Expression, tainted bool) {
	switch t := t.(type) {
	case *ast.Identifier:
		if tainted {
			a.taint(t.Name.String())
		}
	case *ast.ObjectPattern, *ast.ArrayPattern, *ast.AssignExpression:
		a.pattern(t, tainted, true)
	case nil:
	default:
		a.fail("unsupported binding target %T", t)
	}
}

func (a *confineAnalyzer) bindings(list []*ast.Binding) {
	for _, b := range list {
		a.bindingTarget(b.Target, a.value(b.Initializer))
	}
}

// scoped runs walk with the names node declares pushed as a scope.
func (a *confineAnalyzer) scoped(node interface{}, walk func()) {
	names, _ := scopeNames(node)
	scope := make(map[string]bool, len(names))
	for _, n := range names {
		scope[n] = true
	}
	a.scopes = append(a.scopes, scope)
	var helpers map[string]*esbuildHelper
	if a.helpers != nil {
		helpers = a.helpers.owners[node]
	}
	a.helperScopes = append(a.helperScopes, helpers)
	a.scopeNodes = append(a.scopeNodes, node)
	walk()
	a.scopes = a.scopes[:len(a.scopes)-1]
	a.scopeNodes = a.scopeNodes[:len(a.scopeNodes)-1]
	a.helperScopes = a.helperScopes[:len(a.helperScopes)-1]
}

func (a *confineAnalyzer) function(f *ast.FunctionLiteral, strict bool) {
	strict = strict || a.frames[len(a.frames)-1].strict || (f.Body != nil && hasUseStrict(f.Body.List))
	a.frames = append(a.frames, frame{strict: strict})
	a.scoped(f, func() {
		a.parameters(f.ParameterList)
		if f.Body != nil {
			a.block(f.Body)
		}
	})
	a.frames = a.frames[:len(a.frames)-1]
}

func (a *confineAnalyzer) arrow(f *ast.ArrowFunctionLiteral) {
	a.frames = append(a.frames, frame{strict: a.frames[len(a.frames)-1].strict, arrow: true})
	a.scoped(f, func() {
		a.parameters(f.ParameterList)
		switch b := f.Body.(type) {
		case *ast.BlockStatement:
			a.block(b)
		case *ast.ExpressionBody:
			a.escape(b.Expression)
		default:
			a.fail("unsupported arrow body %T", b)
		}
	})
	a.frames = a.frames[:len(a.frames)-1]
}

func (a *confineAnalyzer) parameters(p *ast.ParameterList) {
	if p == nil {
		return
	}
	for _, b := range p.List {
		a.bindingTarget(b.Target, false)
		a.escape(b.Initializer)
	}
	if p.Rest != nil {
		a.bindingTarget(p.Rest, false)
	}
}

func (a *confineAnalyzer) class(c *ast.ClassLiteral) {
	if c.SuperClass != nil {
		if id, ok := c.SuperClass.(*ast.Identifier); ok && a.resolve(id.Name.String()) == nameBuiltin {
			if refusedGlobals[id.Name.String()] {
				a.fail("extends %s", id.Name)
			}
		} else {
			a.escape(c.SuperClass)
		}
	}
	for _, el := range c.Body { // computed keys run in the enclosing scope
		switch el := el.(type) {
		case *ast.MethodDefinition:
			if el.Computed {
				a.consume(el.Key)
			}
		case *ast.FieldDefinition:
			if el.Computed {
				a.consume(el.Key)
			}
		}
	}
	a.frames = append(a.frames, frame{strict: true})
	for _, el := range c.Body {
		switch el := el.(type) {
		case *ast.MethodDefinition:
			a.function(el.Body, true)
		case *ast.FieldDefinition:
			a.escape(el.Initializer)
		case *ast.ClassStaticBlock:
			a.scoped(el, func() { a.block(el.Block) })
		default:
			a.fail("unsupported class element %T", el)
		}
	}
	a.frames = a.frames[:len(a.frames)-1]
}

func (a *confineAnalyzer) block(b *ast.BlockStatement) {
	a.scoped(b, func() { a.statements(b.List) })
}

func (a *confineAnalyzer) statements(list []ast.Statement) {
	for _, st := range list {
		a.statement(st)
	}
}

func (a *confineAnalyzer) statement(st ast.Statement) {
	switch s := st.(type) {
	case nil, *ast.EmptyStatement, *ast.BranchStatement, *ast.DebuggerStatement:
	case *ast.ExpressionStatement:
		if a.forAwaitClose(s.Expression) {
			return
		}
		a.consume(s.Expression)
	case *ast.VariableStatement:
		if a.helpers != nil && a.helpers.statements[s] {
			return // esbuild's own helper, exactly (esbuild.go)
		}
		a.bindings(s.List)
	case *ast.LexicalDeclaration:
		a.bindings(s.List)
	case *ast.FunctionDeclaration:
		a.function(s.Function, false)
	case *ast.ClassDeclaration:
		a.class(s.Class)
	case *ast.BlockStatement:
		a.block(s)
	case *ast.IfStatement:
		a.consume(s.Test)
		a.statement(s.Consequent)
		a.statement(s.Alternate)
	case *ast.WhileStatement:
		a.consume(s.Test)
		a.statement(s.Body)
	case *ast.DoWhileStatement:
		a.statement(s.Body)
		a.consume(s.Test)
	case *ast.ForStatement:
		a.scoped(s, func() {
			switch i := s.Initializer.(type) {
			case nil:
			case *ast.ForLoopInitializerExpression:
				a.consume(i.Expression)
			case *ast.ForLoopInitializerVarDeclList:
				a.bindings(i.List)
			case *ast.ForLoopInitializerLexicalDecl:
				a.bindings(i.LexicalDeclaration.List)
			default:
				a.fail("unsupported for initializer %T", i)
			}
			a.consume(s.Test)
			a.consume(s.Update)
			a.statement(s.Body)
		})
	case *ast.ForInStatement:
		a.scoped(s, func() {
			tainted := a.value(s.Source)
			a.forInto(s.Into, false)
			key, scoped := forIntoName(s.Into)
			pop := a.pushOwnKeys(tainted, s.Source, key, scoped, s.Body)
			a.statement(s.Body)
			pop()
		})
	case *ast.ForOfStatement:
		a.scoped(s, func() {
			a.forInto(s.Into, a.value(s.Source))
			pop := func() {}
			if obj, ok := objectKeysOf(s.Source); ok { // for (k of Object.keys(o))
				key, scoped := forIntoName(s.Into)
				pop = a.pushOwnKeys(a.value(obj), obj, key, scoped, s.Body)
			}
			a.statement(s.Body)
			pop()
		})
	case *ast.SwitchStatement:
		a.consume(s.Discriminant)
		a.scoped(s, func() {
			for _, c := range s.Body {
				a.consume(c.Test)
				a.statements(c.Consequent)
			}
		})
	case *ast.TryStatement:
		a.block(s.Body)
		if s.Catch != nil {
			a.scoped(s.Catch, func() {
				a.bindingTarget(s.Catch.Parameter, false)
				a.block(s.Catch.Body)
			})
		}
		if s.Finally != nil {
			a.block(s.Finally)
		}
	case *ast.ReturnStatement:
		a.escape(s.Argument)
	case *ast.ThrowStatement:
		a.escape(s.Argument)
	case *ast.LabelledStatement:
		a.statement(s.Statement)
	case *ast.WithStatement:
		a.fail("uses with")
	default:
		a.fail("unsupported statement %T", s)
	}
}

func (a *confineAnalyzer) forInto(into ast.ForInto, tainted bool) {
	switch i := into.(type) {
	case *ast.ForIntoVar:
		a.bindingTarget(i.Binding.Target, tainted)
		a.escape(i.Binding.Initializer)
	case *ast.ForDeclaration:
		a.bindingTarget(i.Target, tainted)
	case *ast.ForIntoExpression:
		a.target(i.Expression, tainted)
	default:
		a.fail("unsupported for-in/of target %T", i)
	}
}
