package tykapi

import (
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/dop251/goja"
)

var stringValueType = reflect.TypeOf("")

// goja's parser and compiler recurse in Go for each level of nesting in the
// source: eval("(".repeat(1e6) + ")".repeat(1e6)) takes about 1.7 KiB of
// Go stack per level and exhausts the default 1 GiB stack with a 2 MB
// string. guardEval checks the text handed to eval and to the Function,
// GeneratorFunction and AsyncFunction constructors with sourceNesting
// before goja parses it.
//
// eval is replaced too, so a direct eval(…) inside a function no longer sees
// the function's local variables: goja evaluates directly only when it
// finds its own eval. Every eval is global (indirect), as in strict
// JavaScript environments that forbid direct eval.
func (g *nativeGuard) guardEval() error {
	global := g.rt.GlobalObject()
	if err := g.replace(global, "eval", func(orig nativeFunc) nativeFunc {
		return func(call goja.FunctionCall) goja.Value {
			if src := call.Argument(0); src.ExportType() == stringValueType {
				g.checkSource(src.String())
			}
			return orig(call)
		}
	}); err != nil {
		return err
	}
	fn := global.Get("Function").ToObject(g.rt)
	if err := g.guardFunctionConstructor(fn, func(w *goja.Object) error {
		return global.DefineDataProperty("Function", w, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}); err != nil {
		return err
	}
	fnPrgOnce.Do(func() {
		fnPrgs[0], fnPrgErr = goja.Compile("tyk-ve-generator.js", "(function* () {})", true)
		if fnPrgErr == nil {
			fnPrgs[1], fnPrgErr = goja.Compile("tyk-ve-async.js", "(async function () {})", true)
		}
	})
	if fnPrgErr != nil {
		return fnPrgErr
	}
	for _, prg := range fnPrgs {
		v, err := g.rt.RunProgram(prg)
		if err != nil {
			return err
		}
		proto := v.ToObject(g.rt).Prototype() // %GeneratorFunction.prototype%, %AsyncFunction.prototype%
		if proto == nil {
			return errors.New("generator or async function prototype not found")
		}
		ctor := proto.Get("constructor").ToObject(g.rt)
		if err := g.guardFunctionConstructor(ctor, func(*goja.Object) error { return nil }); err != nil {
			return err
		}
	}
	return nil
}

var (
	fnPrgOnce sync.Once
	fnPrgs    [2]*goja.Program
	fnPrgErr  error
)

// guardFunctionConstructor replaces a function constructor, on its
// prototype's constructor property and through install, by one that checks
// the source first. The arguments are converted to strings once, here.
func (g *nativeGuard) guardFunctionConstructor(orig *goja.Object, install func(*goja.Object) error) error {
	ctor, ok := goja.AssertConstructor(orig)
	if !ok {
		return errors.New("not a constructor")
	}
	proto := orig.Get("prototype").ToObject(g.rt)
	w := g.rt.ToValue(func(call goja.ConstructorCall) *goja.Object {
		args := make([]goja.Value, len(call.Arguments))
		for i, a := range call.Arguments {
			args[i] = g.rt.ToValue(a.String())
		}
		for _, a := range args {
			g.checkSource(a.String())
		}
		f, err := ctor(nil, args...)
		if err != nil {
			panic(err)
		}
		return f
	}).ToObject(g.rt)
	_ = w.Set("prototype", proto)
	_ = w.DefineDataProperty("length", orig.Get("length"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = w.DefineDataProperty("name", orig.Get("name"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	if err := proto.DefineDataProperty("constructor", w, goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	return install(w)
}

// maxSourceNesting bounds sourceNesting for code compiled at run time:
// at about 2 KiB of Go stack per level (the worst measured, nested
// parentheses), 4000 levels stay under 8 MiB.
const maxSourceNesting = 4000

func (g *nativeGuard) checkSource(src string) {
	if n := sourceNesting(src, maxSourceNesting); n > maxSourceNesting {
		throwRangeError(g.rt, fmt.Sprintf("Maximum call stack size exceeded (source nested more than %d levels)", maxSourceNesting))
	}
}

// sourceNesting is an upper bound of how deep goja's parser and compiler
// recurse for src, counted until it passes limit. Every bracket opens a
// level; within a bracket, every token other than a separator (, ;) may
// nest one level deeper than the one before (a+b+c, - - - x, a=b=c,
// x=>y=>z, if (a) if (b), a.b.c, typeof typeof x): they all count until the
// next separator, and a closed bracket counts as one more token of the
// level around it. Strings, comments, template text and regular expression
// literals are skipped. The bound is loose (a long statement without
// separators counts every token) but never below the real nesting.
func sourceNesting(src string, limit int) int {
	type frame struct {
		base     int  // depth at the opening bracket
		template bool // a ${ … } inside a template literal
	}
	var stack []frame
	depth, maxDepth, base := 0, 0, 0
	valueEnd := false // the previous token ends a value: a / after it divides
	bump := func() {
		depth++
		if depth > maxDepth {
			maxDepth = depth
		}
	}
	for i := 0; i < len(src) && maxDepth <= limit; {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i += 2
			for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
				i++
			}
			i += 2
		case c == '"' || c == '\'':
			i = skipQuoted(src, i+1, c)
			bump()
			valueEnd = true
		case c == '`':
			var opened bool
			i, opened = skipTemplate(src, i+1)
			bump()
			if opened {
				stack = append(stack, frame{base: base, template: true})
				base = depth
				valueEnd = false
			} else {
				valueEnd = true
			}
		case c == '/' && !valueEnd:
			i = skipRegExp(src, i+1)
			bump()
			valueEnd = true
		case c == '(' || c == '[' || c == '{':
			bump()
			stack = append(stack, frame{base: base})
			base = depth
			valueEnd = false
			i++
		case c == ')' || c == ']' || c == '}':
			if len(stack) == 0 {
				return maxDepth // unbalanced: the parser stops here
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			depth, base = base, f.base
			if f.template && c == '}' {
				var opened bool
				i, opened = skipTemplate(src, i+1)
				if opened {
					stack = append(stack, frame{base: base, template: true})
					base = depth
					valueEnd = false
					continue
				}
				valueEnd = true
				continue
			}
			valueEnd = true
			i++
		case c == ',' || c == ';':
			depth = base
			valueEnd = false
			i++
		case isIdentByte(c):
			for i < len(src) && isIdentByte(src[i]) {
				i++
			}
			bump()
			valueEnd = true
		default: // an operator character (or any other byte): one token each
			bump()
			valueEnd = false
			i++
		}
	}
	return maxDepth
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c == '\\' || c >= 0x80 ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// skipQuoted returns the index after the string literal closed by q.
func skipQuoted(src string, i int, q byte) int {
	for i < len(src) && src[i] != q {
		if src[i] == '\\' {
			i++
		}
		i++
	}
	return i + 1
}

// skipTemplate skips template text; opened reports that it stopped after a
// ${ rather than after the closing backquote.
func skipTemplate(src string, i int) (int, bool) {
	for i < len(src) {
		switch {
		case src[i] == '\\':
			i += 2
		case src[i] == '`':
			return i + 1, false
		case src[i] == '$' && i+1 < len(src) && src[i+1] == '{':
			return i + 2, true
		default:
			i++
		}
	}
	return i, false
}

// skipRegExp skips a regular expression literal's body and flags.
func skipRegExp(src string, i int) int {
	inClass := false
	for i < len(src) && src[i] != '\n' {
		c := src[i]
		switch {
		case c == '\\':
			i++
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			i++
			for i < len(src) && isIdentByte(src[i]) {
				i++
			}
			return i
		}
		i++
	}
	return i
}
