package fetch

import (
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/fetchcore"
	"github.com/tyk-ve/tyk-ve/webtext"
)

// encode(string) returns the UTF-8 bytes of a string as an ArrayBuffer
// (lone surrogates become U+FFFD).
func (b *Binding) encode(call goja.FunctionCall) goja.Value {
	s := call.Argument(0).String()
	return b.rt.ToValue(b.rt.NewArrayBuffer([]byte(s)))
}

// decode(ArrayBuffer) decodes UTF-8 as the standard's "UTF-8 decode": a
// leading byte order mark is dropped and each invalid byte becomes U+FFFD.
func (b *Binding) decode(call goja.FunctionCall) goja.Value {
	ab, ok := call.Argument(0).Export().(goja.ArrayBuffer)
	if !ok {
		panic(b.rt.NewTypeError("decode: not an ArrayBuffer"))
	}
	return b.rt.ToValue(decodeUTF8(ab.Bytes()))
}

// decodeUTF8 is the Encoding Standard's "UTF-8 decode": a leading BOM
// dropped, invalid sequences replaced by U+FFFD.
func decodeUTF8(p []byte) string {
	if len(p) >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
		p = p[3:]
	}
	if utf8.Valid(p) {
		return string(p)
	}
	var d webtext.Decoder
	s, _ := d.Decode(p, false)
	return s
}

// parseURL(string) returns the URL of a fetch request (absolute http or
// https, no credentials) or throws a TypeError.
func (b *Binding) parseURL(call goja.FunctionCall) goja.Value {
	u, err := fetchcore.ParseURL(call.Argument(0).String())
	if err != nil {
		panic(b.rt.NewTypeError(trimInvalid(err)))
	}
	return b.rt.ToValue(u.String())
}

// parseLocation(string) returns an absolute URL of any scheme (a redirect's
// Location: http, https or a tyk:// loop) or throws a TypeError.
func (b *Binding) parseLocation(call goja.FunctionCall) goja.Value {
	s := call.Argument(0).String()
	u, err := fetchcore.ParseLocation(s)
	if err != nil {
		panic(b.rt.NewTypeError(trimInvalid(err)))
	}
	return b.rt.ToValue(u.String())
}

// method(string) normalises a method or throws a TypeError.
func (b *Binding) method(call goja.FunctionCall) goja.Value {
	m, err := fetchcore.NormalizeMethod(call.Argument(0).String())
	if err != nil {
		panic(b.rt.NewTypeError(trimInvalid(err)))
	}
	return b.rt.ToValue(m)
}

// trimInvalid is an ErrInvalid error's message without the package prefix.
func trimInvalid(err error) string {
	return strings.TrimPrefix(err.Error(), fetchcore.ErrInvalid.Error()+": ")
}
