package webapi

import (
	"encoding/base64"
	"strings"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/webtext"
)

// atob decodes forgiving base64 into a string of code units 0–255; bad
// input throws an InvalidCharacterError DOMException.
func (a *API) atob(c goja.FunctionCall) goja.Value {
	if len(c.Arguments) < 1 {
		panic(a.rt.NewTypeError("atob: 1 argument required"))
	}
	b, err := webtext.ForgivingBase64Decode(c.Argument(0).String())
	if err != nil {
		a.throwDOMException("atob: the string to be decoded is not correctly encoded", "InvalidCharacterError")
	}
	var s strings.Builder
	s.Grow(len(b))
	for _, x := range b {
		s.WriteRune(rune(x))
	}
	return a.rt.ToValue(s.String())
}

// btoa encodes a string of code units 0–255 as base64; a larger one throws
// an InvalidCharacterError DOMException.
func (a *API) btoa(c goja.FunctionCall) goja.Value {
	if len(c.Arguments) < 1 {
		panic(a.rt.NewTypeError("btoa: 1 argument required"))
	}
	s := c.Argument(0).String()
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			a.throwDOMException("btoa: the string to be encoded contains characters outside of the Latin1 range", "InvalidCharacterError")
		}
		b = append(b, byte(r))
	}
	return a.rt.ToValue(base64.StdEncoding.EncodeToString(b))
}
