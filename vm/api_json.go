package vm

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// installJSON replaces JSON.parse and JSON.stringify with Go fast paths for
// plain data — goja's own versions decode through encoding/json's tokenizer
// and walk objects generically, and they dominate typical virtual endpoint
// code. Anything the fast paths do not handle exactly (a reviver, a replacer
// or indentation, toJSON methods, boxed primitives, Dates, Maps, cycles,
// invalid JSON) is handed to goja's originals, so results and errors are the
// same; the fuzz tests compare both on random input.
func installJSON(rt *goja.Runtime, env *callEnv) error {
	jsonObj := rt.Get("JSON").ToObject(rt)
	origParse, ok1 := goja.AssertFunction(jsonObj.Get("parse"))
	origStringify, ok2 := goja.AssertFunction(jsonObj.Get("stringify"))
	if !ok1 || !ok2 {
		return errors.New("JSON.parse/stringify are not callable")
	}
	parse := func(call goja.FunctionCall) goja.Value {
		text := call.Argument(0).String()
		if len(call.Arguments) < 2 || goja.IsUndefined(call.Argument(1)) {
			v, err := parseJSONValue(rt, []byte(text))
			if err == nil {
				return v
			}
			if errors.Is(err, errJSONTooDeep) {
				throwRangeError(rt, "JSON.parse: "+err.Error())
			}
		}
		// goja's parser recurses in Go for each nesting level.
		if jsonTextDeeper(text, env.limits.MaxStackDepth) {
			throwRangeError(rt, "JSON.parse: input nested too deeply")
		}
		return callOriginal(origParse, call)
	}
	stringify := func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) < 2 || (isNullish(call.Argument(1)) && goja.IsUndefined(call.Argument(2))) {
			if s, ok := fastStringify(rt, call.Argument(0)); ok {
				return s
			}
		}
		// goja's stringify recurses in Go for each nesting level.
		if valueDeeper(call.Argument(0), env.limits.MaxStackDepth) {
			throwRangeError(rt, "Maximum call stack size exceeded (JSON.stringify)")
		}
		return callOriginal(origStringify, call)
	}
	if err := defineBuiltin(rt, jsonObj, "parse", parse, 2); err != nil {
		return err
	}
	return defineBuiltin(rt, jsonObj, "stringify", stringify, 3)
}

func callOriginal(fn goja.Callable, call goja.FunctionCall) goja.Value {
	v, err := fn(call.This, call.Arguments...)
	if err != nil {
		panic(err)
	}
	return v
}

// defineBuiltin installs fn as a non-enumerable method with the usual
// name and length, like the built-in it replaces.
func defineBuiltin(rt *goja.Runtime, obj *goja.Object, name string, fn func(goja.FunctionCall) goja.Value, length int) error {
	f := rt.ToValue(fn).ToObject(rt)
	_ = f.DefineDataProperty("name", rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = f.DefineDataProperty("length", rt.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	return obj.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

func isNullish(v goja.Value) bool { return v == nil || goja.IsUndefined(v) || goja.IsNull(v) }

// fastStringify returns JSON.stringify(v) for plain data, or ok=false.
func fastStringify(rt *goja.Runtime, v goja.Value) (goja.Value, bool) {
	var b strings.Builder
	switch writeJSON(&b, v, 0) {
	case jsonOmit:
		return goja.Undefined(), true
	case jsonWritten:
		return rt.ToValue(b.String()), true
	}
	return nil, false
}

type jsonOutcome int

const (
	jsonWritten jsonOutcome = iota
	jsonOmit                // undefined, a function or a symbol
	jsonBail                // not plain data: use goja's stringify
)

func writeJSON(b *strings.Builder, v goja.Value, depth int) jsonOutcome {
	if depth > maxFastDepth {
		return jsonBail
	}
	if omitted(v) {
		return jsonOmit
	}
	if goja.IsNull(v) {
		b.WriteString("null")
		return jsonWritten
	}
	if o, ok := v.(*goja.Object); ok {
		return writeJSONObject(b, o, depth)
	}
	if s, ok := v.(goja.String); ok {
		return quoteJSON(b, s)
	}
	switch x := v.Export().(type) {
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(v.String()) // JavaScript's Number::toString
		}
	default:
		return jsonBail
	}
	return jsonWritten
}

func writeJSONObject(b *strings.Builder, o *goja.Object, depth int) jsonOutcome {
	if p, ok := plainObject(o, "Array"); ok {
		n := int(p.Get("length").ToInteger())
		b.WriteByte('[')
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			switch writeJSON(b, p.Get(itoa(i)), depth+1) {
			case jsonOmit:
				b.WriteString("null")
			case jsonBail:
				return jsonBail
			}
		}
		b.WriteByte(']')
		return jsonWritten
	}
	p, ok := plainObject(o, "Object")
	if !ok {
		return jsonBail
	}
	b.WriteByte('{')
	first := true
	for _, k := range p.Keys() {
		if strings.ContainsRune(k, utf8.RuneError) {
			return jsonBail // may stand for a lone surrogate
		}
		v := p.Get(k)
		if omitted(v) {
			continue // undefined, functions and symbols leave no member
		}
		if !first {
			b.WriteByte(',')
		}
		quoteGoString(b, k)
		b.WriteByte(':')
		if writeJSON(b, v, depth+1) == jsonBail {
			return jsonBail
		}
		first = false
	}
	b.WriteByte('}')
	return jsonWritten
}

// quoteJSON quotes a JavaScript string as JSON.stringify does, including
// lone surrogates (escaped as \udXXX).
func quoteJSON(b *strings.Builder, s goja.String) jsonOutcome {
	str := s.String()
	if isASCII(str) {
		quoteGoString(b, str)
		return jsonWritten
	}
	b.WriteByte('"')
	n := s.Length()
	for i := 0; i < n; i++ {
		c := s.CharAt(i)
		switch {
		case utf16.IsSurrogate(rune(c)):
			if c < 0xDC00 && i+1 < n {
				if d := s.CharAt(i + 1); d >= 0xDC00 && d <= 0xDFFF {
					b.WriteRune(utf16.DecodeRune(rune(c), rune(d)))
					i++
					continue
				}
			}
			b.WriteString(`\u`)
			b.WriteString(strconv.FormatUint(uint64(c), 16))
		case c < utf8.RuneSelf:
			writeASCII(b, byte(c))
		default:
			b.WriteRune(rune(c))
		}
	}
	b.WriteByte('"')
	return jsonWritten
}

func quoteGoString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			writeASCII(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += size
	}
	b.WriteByte('"')
}

const hexDigits = "0123456789abcdef"

func writeASCII(b *strings.Builder, c byte) {
	switch c {
	case '"':
		b.WriteString(`\"`)
	case '\\':
		b.WriteString(`\\`)
	case '\b':
		b.WriteString(`\b`)
	case '\f':
		b.WriteString(`\f`)
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		if c < 0x20 {
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xF])
			return
		}
		b.WriteByte(c)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
