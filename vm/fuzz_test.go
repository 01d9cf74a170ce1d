package vm

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// FuzzParseJSONValue: our JSON builder agrees with goja's JSON.parse on every
// input — same acceptance, same value (compared through JSON.stringify) —
// and so does the lazy top-level object.
func FuzzParseJSONValue(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[true,null,"x\u00e9\n"],"a":2}`, `[]`, `-0`, `1e400`, `"\ud800"`,
		`{"__proto__":{"x":1}}`, `{"meta_data":{"n":1.5e3},"tags":null}`, `{"a":"\u0041\\\/"}`, ` {} `, `01`, `{"a":tru}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rt := goja.New()
		parse, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
		stringify, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
		want, wantErr := parse(goja.Undefined(), rt.ToValue(string(data)))
		got, gotErr := parseJSONValue(rt, data)
		if wantErr != nil && gotErr == nil && strings.Contains(wantErr.Error(), "cannot unmarshal number") {
			return // goja rejects out-of-range numbers; JavaScript (and we) give Infinity
		}
		if (wantErr == nil) != (gotErr == nil) {
			if !json.Valid(data) && gotErr != nil {
				return // goja accepts some invalid UTF-8 that we reject: both reject valid-JSON mismatches only
			}
			t.Fatalf("acceptance differs for %q: JSON.parse err=%v, ours err=%v", data, wantErr, gotErr)
		}
		if wantErr != nil {
			return
		}
		ws, _ := stringify(goja.Undefined(), want)
		gs, _ := stringify(goja.Undefined(), got)
		if ws.String() != gs.String() {
			t.Fatalf("value differs for %q:\nJSON.parse %s\nours       %s", data, ws, gs)
		}
		if keys, raws, ok := scanObject(data); ok {
			orderLikeJS(keys, raws)
			lazy := newJSONTree(rt, rt.NewObject().Prototype()).object(keys, raws)
			ls, err := stringify(goja.Undefined(), lazy)
			if err == nil && ls.String() != ws.String() {
				t.Fatalf("lazy value differs for %q:\nJSON.parse %s\nlazy       %s", data, ws, ls)
			}
		}
	})
}

// FuzzDecodeResponseFast: for any value a script passes to TykJsResponse, the
// fast decoder either declines or yields exactly what encoding/json makes of
// JSON.stringify({Response, SessionMeta}) — Tyk's own path.
func FuzzDecodeResponseFast(f *testing.F) {
	for _, s := range []string{
		`[{Body: "x", Code: 200, Headers: {"A": "b"}}, {n: 1}]`,
		`[{body: "x", CODE: 201.0, headers: null, Headers: {"c": null}}, undefined]`,
		`[{Body: null, Code: NaN, X: function(){}}, {a: [1, undefined, -0, "s", {b: null}]}]`,
		`[{Code: 200.5}, null]`, `[{Body: 1}, {}]`, `[{Headers: {"a": 1}}, {}]`, `[[1], {}]`, `[{Code: "200"}, {}]`,
		`[{Body: "x", Code: 200}, [1]]`, `[{Body: new Date(0)}, {}]`, `[{Code: 1e21}, {}]`, `[{body: "a", Body: "b"}, {}]`,
		`[{Headers: {a: "1"}, headers: {b: "2"}}, {}]`, `[{Code: -1}, {}]`, `[{"\u017fody": "long s"}, {}]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		rt := goja.New()
		v, err := rt.RunString("(" + src + ")")
		if err != nil {
			return
		}
		arr, ok := v.(*goja.Object)
		if !ok || arr.ClassName() != "Array" {
			return
		}
		response, meta := arr.Get("0"), arr.Get("1")
		if response == nil {
			response = goja.Undefined()
		}
		if meta == nil {
			meta = goja.Undefined()
		}
		wrapper := rt.NewObject()
		_ = wrapper.Set("Response", response)
		_ = wrapper.Set("SessionMeta", meta)
		stringify, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
		s, err := stringify(goja.Undefined(), wrapper)
		if err != nil {
			return
		}
		fast, ok := decodeResponseFast(response, meta)
		if !ok {
			return
		}
		exact, err := decodeResponseJSON(s.String())
		if err != nil {
			t.Fatalf("fast path accepted what Tyk rejects: %s (%v)", s, err)
		}
		if !reflect.DeepEqual(fast, exact) {
			t.Fatalf("fast path differs for %s:\nfast  %#v\nexact %#v", s, fast, exact)
		}
	})
}

// FuzzJSONFastPaths: the JSON.stringify and JSON.parse fast paths give
// exactly what goja's own functions give for any value or text.
func FuzzJSONFastPaths(f *testing.F) {
	for _, s := range []string{`{a: 1, b: [1, undefined, function(){}, null, -0, 1e21, 1.5e-7], c: "q\"\\\n\u2028\ud800x"}`,
		`[new Date(0), {toJSON: function() { return 5 }}]`, `"\u00e9\ud83d\ude00"`, `{"0": 1, "b": 2, "1": 3}`, `undefined`,
		`(function(){ var o = {}; o.self = o; return o })()`, `{s: Symbol("x"), n: NaN, i: Infinity}`, `new String("x")`,
		`Object.create(null)`, `{get g() { return 1 }}`, `[[[[]]]]`, `{"\ud800": 1}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		rt := goja.New()
		v, err := rt.RunString("(" + src + ")")
		if err != nil {
			return
		}
		stringify, _ := goja.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
		want, wantErr := stringify(goja.Undefined(), v)
		got, ok := fastStringify(rt, v)
		if !ok {
			return
		}
		if wantErr != nil {
			t.Fatalf("fast stringify accepted what JSON.stringify rejects (%v): %s", wantErr, src)
		}
		if !want.SameAs(got) {
			t.Fatalf("stringify differs for %s:\ngoja %v\nfast %v", src, want, got)
		}
	})
}
