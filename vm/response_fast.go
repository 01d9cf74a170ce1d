package vm

import (
	"math"
	"strings"

	"github.com/dop251/goja"
)

// maxFastDepth bounds the nesting the fast decoder follows before it hands
// the value to the exact (JSON) path.
const maxFastDepth = 64

// decodeResponseFast converts the two arguments of TykJsResponse straight
// into a Response, with the same result encoding/json gives for
// JSON.stringify({Response: response, SessionMeta: meta}). It only handles
// plain data (plain objects and arrays, strings, finite numbers, booleans,
// null); for anything else — toJSON methods, Dates, typed arrays, boxed
// primitives, wrong types that must produce Tyk's decode error — it returns
// ok=false and the caller takes the exact path.
func decodeResponseFast(response, meta goja.Value) (out *Response, ok bool) {
	out = &Response{}
	if !decodeResponseObject(response, out) {
		return nil, false
	}
	m, ok := decodeMeta(meta)
	if !ok {
		return nil, false
	}
	out.SessionMeta = m
	return out, true
}

// omitted reports values JSON.stringify leaves out of an object.
func omitted(v goja.Value) bool {
	if v == nil || goja.IsUndefined(v) {
		return true
	}
	if _, ok := v.(*goja.Symbol); ok {
		return true
	}
	_, isFn := goja.AssertFunction(v)
	return isFn
}

// plainObject returns v as an object whose JSON form is its own enumerable
// properties.
func plainObject(v goja.Value, class string) (*goja.Object, bool) {
	o, ok := v.(*goja.Object)
	if !ok || o.ClassName() != class {
		return nil, false
	}
	if tj := o.Get("toJSON"); tj != nil && !goja.IsUndefined(tj) {
		return nil, false // JSON.stringify would call or consult it
	}
	return o, true
}

func decodeResponseObject(v goja.Value, out *Response) bool {
	if omitted(v) || goja.IsNull(v) {
		return true
	}
	o, ok := plainObject(v, "Object")
	if !ok {
		return false
	}
	for _, k := range o.Keys() {
		fv := o.Get(k)
		if omitted(fv) {
			continue
		}
		if !decodeResponseField(foldField(k), fv, out) {
			return false
		}
	}
	return true
}

// foldField maps a key to the Response field encoding/json would pick: an
// exact or ASCII case-insensitive match. Non-ASCII keys return "?" so that
// Unicode folding corner cases go through the exact path.
func foldField(k string) string {
	for i := 0; i < len(k); i++ {
		if k[i] >= 0x80 {
			return "?"
		}
	}
	for _, f := range [...]string{"Body", "Code", "Headers"} {
		if strings.EqualFold(k, f) {
			return f
		}
	}
	return ""
}

func decodeResponseField(field string, v goja.Value, out *Response) bool {
	switch field {
	case "":
		return true // unknown field: ignored by encoding/json
	case "Body":
		if goja.IsNull(v) {
			return true
		}
		s, ok := v.Export().(string)
		out.Body = s
		return ok
	case "Code":
		return decodeCode(v, out)
	case "Headers":
		return decodeHeaders(v, out)
	}
	return false
}

func decodeCode(v goja.Value, out *Response) bool {
	if goja.IsNull(v) {
		return true
	}
	switch n := v.Export().(type) {
	case int64:
		out.Code = int(n)
		return true
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return true // stringified as null: no effect
		}
		if n != math.Trunc(n) || math.Abs(n) >= 1e18 {
			return false
		}
		out.Code = int(n)
		return true
	}
	return false
}

func decodeHeaders(v goja.Value, out *Response) bool {
	if goja.IsNull(v) {
		out.Headers = nil
		return true
	}
	o, ok := plainObject(v, "Object")
	if !ok {
		return false
	}
	keys := o.Keys()
	if out.Headers == nil {
		out.Headers = make(map[string]string, len(keys))
	}
	for _, k := range keys {
		hv := o.Get(k)
		if omitted(hv) {
			continue
		}
		if goja.IsNull(hv) {
			out.Headers[k] = ""
			continue
		}
		s, ok := hv.Export().(string)
		if !ok {
			return false
		}
		out.Headers[k] = s
	}
	return true
}

func decodeMeta(v goja.Value) (map[string]interface{}, bool) {
	if omitted(v) || goja.IsNull(v) {
		return nil, true
	}
	o, ok := plainObject(v, "Object")
	if !ok {
		return nil, false
	}
	return decodeJSONObject(o, 0)
}

func decodeJSONObject(o *goja.Object, depth int) (map[string]interface{}, bool) {
	if depth > maxFastDepth {
		return nil, false
	}
	keys := o.Keys()
	m := make(map[string]interface{}, len(keys))
	for _, k := range keys {
		fv := o.Get(k)
		if omitted(fv) {
			continue
		}
		x, ok := decodeJSONValue(fv, depth+1)
		if !ok {
			return nil, false
		}
		m[k] = x
	}
	return m, true
}

func decodeJSONArray(o *goja.Object, depth int) ([]interface{}, bool) {
	if depth > maxFastDepth {
		return nil, false
	}
	n := int(o.Get("length").ToInteger())
	out := make([]interface{}, n)
	for i := 0; i < n; i++ {
		ev := o.Get(itoa(i))
		if omitted(ev) {
			continue // stringified as null
		}
		x, ok := decodeJSONValue(ev, depth+1)
		if !ok {
			return nil, false
		}
		out[i] = x
	}
	return out, true
}

// decodeJSONValue converts one value the way JSON.stringify followed by
// encoding/json into interface{} would.
func decodeJSONValue(v goja.Value, depth int) (interface{}, bool) {
	if goja.IsNull(v) {
		return nil, true
	}
	switch x := v.(type) {
	case *goja.Object:
		if o, ok := plainObject(x, "Object"); ok {
			return decodeJSONObject(o, depth)
		}
		if o, ok := plainObject(x, "Array"); ok {
			return decodeJSONArray(o, depth)
		}
		return nil, false
	}
	switch p := v.Export().(type) {
	case string:
		return p, true
	case bool:
		return p, true
	case int64:
		return float64(p), true
	case float64:
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return nil, true
		}
		if p == 0 {
			return float64(0), true // -0 is stringified as 0
		}
		return p, true
	}
	return nil, false
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}
