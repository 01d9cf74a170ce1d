package tykapi

import (
	"math/big"
	"reflect"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// responseReader reads TykJsResponse's arguments straight into a Response,
// without decoding the text the stringify made of them. It is used only
// after a stringify that ran no script (jsonengine RanNoScript), so the
// arguments hold what the text shows, and only for what it can read with
// the result encoding/json gives for that text: plain objects (or the
// API's host objects) whose Body is a string, Code an integer, Headers an
// object of strings, and a session meta of strings, numbers, booleans and
// nulls. For anything else read reports false and TykJsResponse decodes
// the text as before. FuzzResponseHints holds it to DecodeResponse.
//
// Its buffers are kept between calls (cleared: no value outlives a call).
type responseReader struct {
	keys []string
	vals []goja.Value
	// checking makes read refuse what JSON.stringify would call a toJSON
	// for (read without a stringify before it: readUnstringified); check
	// answers it.
	checking bool
	check    jsonengine.ToJSONCheck
}

// read returns the Response for TykJsResponse(response, meta).
func (d *responseReader) read(response, meta goja.Value) (*Response, bool) {
	defer d.reset()
	out := &Response{owned: true}
	if !d.response(out, response) || !d.meta(out, meta) {
		out.Release() // what it filled so far goes back
		return nil, false
	}
	return out, true
}

func (d *responseReader) reset() {
	clear(d.keys)
	clear(d.vals)
	d.keys, d.vals = d.keys[:0], d.vals[:0]
}

// readUnstringified is read for arguments no stringify has walked: it
// also refuses what JSON.stringify would run a script for (a toJSON) or
// throw on (text past maxUnstringifiedBody), so that skipping the
// stringify cannot be told apart.
func (d *responseReader) readUnstringified(ops *jsonengine.Ops, response, meta goja.Value) (*Response, bool) {
	if isFunction(response) || isFunction(meta) {
		return nil, false
	}
	d.checking, d.check = true, ops.ToJSONCheck()
	defer func() { d.checking, d.check = false, jsonengine.ToJSONCheck{} }()
	resp, ok := d.read(response, meta)
	if ok && len(resp.Body) > maxUnstringifiedBody {
		return nil, false
	}
	return resp, ok
}

// maxUnstringifiedBody keeps a body whose text could reach
// JSON.stringify's length limit on the stringify's path.
const maxUnstringifiedBody = 32 << 20

// members lists o's members onto the buffers: the range they take.
func (d *responseReader) members(v goja.Value) (start, end int, ok bool) {
	o, isObject := v.(*goja.Object)
	if !isObject || d.checking && !d.check.NoToJSON(o) {
		return 0, 0, false
	}
	start = len(d.keys)
	d.keys, d.vals, ok = jsonengine.Members(o, d.keys, d.vals)
	if ok && d.checking {
		// JSON.stringify looks up toJSON on a function member too (on
		// Function.prototype): it is left out only if none is found.
		for _, v := range d.vals[start:] {
			if isFunction(v) {
				return start, len(d.keys), false
			}
		}
	}
	return start, len(d.keys), ok
}

// inertValue reports primitives JSON.stringify writes (or leaves out)
// without looking anything up, running a script or throwing: not an
// object (a toJSON, a getter, a cycle), not a BigInt (TypeError).
func inertValue(v goja.Value) bool {
	if v == nil {
		return true
	}
	if _, ok := v.(*goja.Object); ok {
		return false
	}
	return v.ExportType() != bigIntType
}

var bigIntType = reflect.TypeOf((*big.Int)(nil))

func isFunction(v goja.Value) bool {
	_, callable := goja.AssertFunction(v)
	return callable
}

// absent reports values that leave a field as it is: null, and what
// JSON.stringify leaves out of an object (undefined, functions, symbols).
func absent(v goja.Value) bool {
	return v == nil || goja.IsNull(v) || goja.IsUndefined(v) || omitted(v)
}

func omitted(v goja.Value) bool {
	_, symbol := v.(*goja.Symbol)
	return symbol || isFunction(v)
}

func (d *responseReader) response(out *Response, v goja.Value) bool {
	if absent(v) {
		return true // no Response member, or null: the struct stays empty
	}
	start, end, ok := d.members(v)
	if !ok {
		return false
	}
	var seen [3]bool // Body, Code, Headers: one key each, or the text decides
	for i := start; i < end; i++ {
		field, val := structField(d.keys[i], "Body", "Code", "Headers"), d.vals[i]
		switch field {
		case "":
			// encoding/json skips unknown members; JSON.stringify walks
			// them: unread, only a value it writes as it is will do
			if d.checking && !inertValue(val) {
				return false
			}
			continue
		case "Body":
			ok = once(&seen[0]) && d.body(out, val)
		case "Code":
			ok = once(&seen[1]) && code(out, val)
		case "Headers":
			ok = once(&seen[2]) && d.headers(out, val)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return true
}

func once(seen *bool) bool {
	if *seen {
		return false
	}
	*seen = true
	return true
}

func (d *responseReader) body(out *Response, v goja.Value) bool {
	if absent(v) {
		return true
	}
	s, ok := v.(goja.String)
	if !ok {
		return false // a type error for encoding/json: the text path reports it
	}
	out.Body, ok = jsonengine.ExactString(s)
	return ok
}

// code takes an integer held as one (JSON.stringify writes it as digits);
// a fraction, NaN or a float the text would write otherwise is left to the
// text path.
func code(out *Response, v goja.Value) bool {
	if absent(v) {
		return true
	}
	if !isInt(v) {
		return false
	}
	out.Code = int(v.ToInteger())
	return true
}

func isInt(v goja.Value) bool {
	_, ok := v.Export().(int64)
	return ok
}

// headers reads the headers as encoding/json decodes them into
// map[string]string: strings, and null as "".
func (d *responseReader) headers(out *Response, v goja.Value) bool {
	return readMap(d, v, &out.Headers, newHeaderMap, "", headerValue)
}

// meta reads the session meta as encoding/json decodes it into
// map[string]interface{}: strings, float64 numbers, booleans, nil.
func (d *responseReader) meta(out *Response, v goja.Value) bool {
	return readMap(d, v, &out.SessionMeta, newMetaMap, nil, metaValue)
}

// readMap reads v's members into a new map at *dst (newMap's): null
// members as null, absent ones left out, the others converted by conv.
// Absent or null, v leaves *dst nil. It reports false when v's members
// cannot be read straight or one does not convert; *dst then holds what
// was read so far (Release takes it back).
func readMap[V any](d *responseReader, v goja.Value, dst *map[string]V, newMap func(int) map[string]V, null V, conv func(goja.Value) (V, bool)) bool {
	if absent(v) {
		return true
	}
	start, end, ok := d.members(v)
	if !ok {
		return false
	}
	m := newMap(end - start)
	*dst = m
	for i := start; i < end; i++ {
		val := d.vals[i]
		switch {
		case goja.IsNull(val):
			m[d.keys[i]] = null
		case absent(val):
		default:
			x, ok := conv(val)
			if !ok {
				return false
			}
			m[d.keys[i]] = x
		}
	}
	return true
}

// headerValue is a header's value: a string encoding/json decodes to
// the same Go string.
func headerValue(v goja.Value) (string, bool) {
	s, ok := v.(goja.String)
	if !ok {
		return "", false // a type error for encoding/json: the text path reports it
	}
	return jsonengine.ExactString(s)
}

// metaValue is a primitive's value as encoding/json decodes its JSON text.
func metaValue(v goja.Value) (interface{}, bool) {
	if s, ok := v.(goja.String); ok {
		return jsonengine.ExactString(s)
	}
	switch x := v.Export().(type) {
	case bool:
		return x, true
	case int64:
		return float64(x), true
	case float64:
		if x != x || x > maxFloat || x < -maxFloat {
			return nil, true // NaN and ±Infinity are written as null
		}
		return x + 0, true // -0 is written as 0 (x + 0 is +0 for -0)
	}
	return nil, false // an object or array: the text path decodes it
}

const maxFloat = 1.7976931348623157e308
