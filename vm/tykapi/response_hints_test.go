package tykapi

import (
	"reflect"
	"testing"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// FuzzResponseHints: for any TykJsResponse arguments, decoding the text
// with the stringifier's hints (what TykJsResponse does) either declines or
// gives exactly what encoding/json gives for the text — Tyk's decoding.
func FuzzResponseHints(f *testing.F) {
	for _, args := range [][2]string{
		{`{Body: JSON.stringify({order: "o-1", items: [{id: 1, sku: "a\"b"}]}), Code: 200, Headers: {"Content-Type": "application/json", "X-Q": "a \"long\" quoted value"}}`, `{tier: "gold"}`},
		{`{body: "first \"escaped\" body text", BODY: "second \"escaped\" body text", Code: 201}`, `null`},
		{`{Body: "tab\t \"q\" \\ / \u00e9 \u2028 é😀 and more", Code: 200}`, `{"s": "meta \"escaped\" value here"}`},
		{`{Body: "lone \ud800 surrogate in a long \"body\"", Code: 200}`, `undefined`},
		{`{Body: {toJSON: function() { return "via \"toJSON\" a long string" }}, Code: 200}`, `{}`},
		{`{Body: 12, Code: 200}`, `{}`},
		{`{Body: "x", Code: 200, Headers: {A: 1}}`, `{}`},
		{`{Body: "a \"long\" string nested", X: {Body: "an \"inner\" body not decoded"}, Code: 200}`, `[1, "meta \"in\" an array"]`},
		{`[1, "array \"response\" value"]`, `{}`},
		// what the direct reader takes, and what it leaves to the text
		{`{Body: "x", Code: 200, Headers: {a: null, b: undefined, c: function() {}}}`, `{n: 1.5, i: 2, z: -0, b: true, u: null, x: undefined, big: 9007199254740993, inf: Infinity}`},
		{`{body: "lower", code: 201, headers: {A: "1"}, extra: [1, {deep: "x"}]}`, `{s: "é\ud800"}`},
		{`{Body: "x", Code: 200.5}`, `{}`},
		{`{Body: "x", Code: 1e21}`, `{}`},
		{`{Body: "x", Code: -0, Headers: null}`, `null`},
		{`{Body: "x", Code: "200"}`, `{}`},
		{`{Body: null, Code: null, Headers: {}}`, `{}`},
		{`{Body: "x", Code: 200, Headers: [1]}`, `{}`},
		{`{Body: "x", Code: 200, Body2: Symbol("s")}`, `{nested: {a: 1}}`},
		{`Object.create(null, {Body: {value: "x", enumerable: true}})`, `{}`},
		{`(function(){ var o = Object.create({Code: 500}); o.Body = "inherited code is not own"; return o })()`, `{}`},
		{`{Body: "\ud83d\ude00 astral", Code: 200}`, `{"k\u00e9y": "v"}`},
		{`{BODY: "x", Body: "y"}`, `{}`},
		{`{Body: "x", Code: 200, toJSON: function() { return {Code: 500} }}`, `{}`},
		{`(function(){ Object.prototype.toJSON = function() { return {Code: 418} }; return {Body: "x", Code: 200} })()`, `{}`},
		{`(function(){ Object.defineProperty(Object.prototype, "toJSON", {get: function() { return undefined }, configurable: true}); return {Body: "x", Code: 200} })()`, `{}`},
		{`{Body: "x", Code: 200, Headers: {toJSON: function() { return {A: "b"} }}}`, `{}`},
		{`{Body: "x", Code: 200}`, `{toJSON: function() { return {m: "v"} }}`},
		// members encoding/json skips but JSON.stringify walks
		{`{Body: "x", Code: 200, Extra: {toJSON: function() { return 1 }}}`, `{}`},
		{`{Body: "x", Code: 200, Extra: BigInt(1)}`, `{}`},
		{`(function(){ var r = {Body: "x", Code: 200}; r.Self = {r: r}; return r })()`, `{}`},
		{`{Body: "x", Code: 200, Extra: [1, {a: 2}], N: 5, S: "s", U: undefined, Y: Symbol("y")}`, `{}`},
	} {
		f.Add(args[0], args[1])
	}
	f.Fuzz(func(t *testing.T, response, meta string) {
		rt := goja.New()
		ops, err := jsonengine.NewOps(rt)
		if err != nil {
			t.Fatal(err)
		}
		var values []goja.Value
		for _, src := range []string{response, meta} {
			v, err := rt.RunString("(" + src + "\n)")
			if err != nil {
				return
			}
			values = append(values, v)
		}
		// Read first, as TykJsResponse does when only the host sees its
		// result: the stringify after it may run scripts.
		var unstringified responseReader
		un, unOK := unstringified.readUnstringified(ops, values[0], values[1])
		var text string
		var hints []jsonengine.StringHint
		var ranNoScript bool
		if ex := rt.Try(func() {
			s := jsonengine.NewStringifier(rt, ops, jsonengine.Limits{MaxDepth: 100, MaxLen: 1 << 20}, "")
			text, hints, ranNoScript = s.RecordHinted(responseKeys[:], values, nil)
		}); ex != nil {
			if unOK {
				t.Fatalf("read without the stringify what the stringify throws on (%v)", ex)
			}
			return
		}
		want, wantErr := DecodeResponse(text)
		if unOK {
			if !ranNoScript {
				t.Fatalf("read without the stringify what the stringify runs a script for: %s", text)
			}
			if wantErr != nil || !reflect.DeepEqual(un, want) {
				t.Fatalf("differs for %s:\nunstringified %#v\nencoding/json %#v (%v)", text, un, want, wantErr)
			}
		}
		if ranNoScript {
			var d responseReader
			if got, ok := d.read(values[0], values[1]); ok {
				if wantErr != nil {
					t.Fatalf("read what encoding/json rejects (%v): %s", wantErr, text)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("differs for %s:\nread          %#v\nencoding/json %#v", text, got, want)
				}
			}
		}
		got, ok := decodeResponseText(text, hints)
		if !ok {
			return
		}
		if wantErr != nil {
			t.Fatalf("accepted what encoding/json rejects (%v): %s", wantErr, text)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("differs for %s:\nhinted        %#v\nencoding/json %#v", text, got, want)
		}
	})
}
