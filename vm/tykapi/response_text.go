package tykapi

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// responseDecoder reads the text TykJsResponse makes into a Response.
//
// It pays for itself end to end: plugin.BenchmarkServe (the whole plugin
// path, representative endpoint) takes 47.5–49.4 µs and 453 allocations
// with it, 54.7–55.9 µs and 474 allocations when every response goes
// through encoding/json (three alternating runs).
type responseDecoder struct{ jsonengine.TextDecoder }

// decodeResponseText decodes the text TykJsResponse returns into a Response
// with the result DecodeResponse (encoding/json, Tyk's rules) gives,
// without reflection. It covers what JSON.stringify makes of a well-formed
// response; for anything else — a type encoding/json rejects, a field name
// that needs Unicode case folding, nesting past jsonengine.MaxTextDepth, text that is
// not JSON — it returns ok=false and the caller
// takes DecodeResponse. FuzzDecodeResponseText holds it to that.
//
// hints, from the stringifier that wrote s, name strings the decoder takes
// as they are (jsonengine.TextDecoder.UseHints); nil decodes everything.
func decodeResponseText(s string, hints []jsonengine.StringHint) (*Response, bool) {
	d := &responseDecoder{jsonengine.NewTextDecoder(s)}
	d.UseHints(hints)
	out := &Response{owned: true}
	ok := d.Object(func(key string) bool {
		switch structField(key, "Response", "SessionMeta") {
		case "Response":
			return d.responseObject(out)
		case "SessionMeta":
			return d.sessionMeta(out)
		case "":
			return d.Skip(1)
		}
		return false
	})
	d.SkipSpace()
	if !ok || !d.Done() {
		return nil, false
	}
	return out, true
}

// structField returns the field encoding/json decodes key into: an exact
// or ASCII case-insensitive match, "" for none. Non-ASCII keys return "?":
// their Unicode folding is left to encoding/json.
func structField(key string, fields ...string) string {
	for _, f := range fields {
		if key == f {
			return f
		}
	}
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			return "?"
		}
	}
	for _, f := range fields {
		if strings.EqualFold(key, f) {
			return f
		}
	}
	return ""
}

func (d *responseDecoder) responseObject(out *Response) bool {
	if d.Literal("null") {
		return true // null leaves a struct as it is
	}
	return d.Object(func(key string) bool {
		switch structField(key, "Body", "Code", "Headers") {
		case "Body":
			return d.optionalString(&out.Body)
		case "Code":
			return d.code(out)
		case "Headers":
			return d.headers(out)
		case "":
			return d.Skip(2)
		}
		return false
	})
}

func (d *responseDecoder) optionalString(dst *string) bool {
	if d.Literal("null") {
		return true
	}
	s, ok := d.Str()
	if ok {
		*dst = s
	}
	return ok
}

func (d *responseDecoder) code(out *Response) bool {
	if d.Literal("null") {
		return true
	}
	lit, ok := d.Number()
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(lit, 10, 64) // a fraction or exponent is a type error
	if err != nil {
		return false
	}
	out.Code = int(n)
	return true
}

func (d *responseDecoder) headers(out *Response) bool {
	return decodeMap(d, &out.Headers, func() (string, bool) {
		var v string
		return v, d.optionalString(&v) // null is ""
	})
}

func (d *responseDecoder) sessionMeta(out *Response) bool {
	return decodeMap(d, &out.SessionMeta, func() (interface{}, bool) { return d.Value(2) })
}

// decodeMap decodes into *m as encoding/json does into a map: null clears
// it, an object adds its members (each read by elem) to it.
func decodeMap[V any](d *responseDecoder, m *map[string]V, elem func() (V, bool)) bool {
	if d.Literal("null") {
		*m = nil
		return true
	}
	if d.Peek() != '{' {
		return false
	}
	if *m == nil {
		*m = map[string]V{}
	}
	return d.Object(func(key string) bool {
		v, ok := elem()
		(*m)[key] = v
		return ok
	})
}
