package tykapi

import (
	"testing"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// TestResponseReaderTakes lists the arguments responseReader reads itself
// (FuzzResponseHints checks what it reads against encoding/json) and some
// it leaves to the text.
func TestResponseReaderTakes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, response, meta string
		takes                bool
	}{
		{"typical", `{Body: JSON.stringify({a: 1}), Code: 200, Headers: {"Content-Type": "application/json"}}`, `undefined`, true},
		{"meta strings", `{Body: "x", Code: 200}`, `{tier: "gold", n: 2, ok: true, none: null}`, true},
		{"lower-case keys", `{body: "x", code: 201, headers: {}}`, `null`, true},
		{"no response", `undefined`, `undefined`, true},
		{"float code", `{Body: "x", Code: 200.5}`, `undefined`, false},
		{"numeric header", `{Body: "x", Code: 200, Headers: {A: 1}}`, `undefined`, false},
		{"nested meta", `{Body: "x", Code: 200}`, `{a: {b: 1}}`, false},
		{"two bodies", `{Body: "x", body: "y"}`, `undefined`, false},
		{"array response", `[1]`, `undefined`, false},
		{"lone surrogate", `{Body: "\ud800", Code: 200}`, `undefined`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rt := goja.New()
			var args [2]goja.Value
			for i, src := range []string{tc.response, tc.meta} {
				v, err := rt.RunString("(" + src + ")")
				if err != nil {
					t.Fatal(err)
				}
				args[i] = v
			}
			var d responseReader
			got, ok := d.read(args[0], args[1])
			if ok != tc.takes {
				t.Fatalf("read took it: %v, want %v", ok, tc.takes)
			}
			if !ok {
				return
			}
			ops, err := jsonengine.NewOps(rt)
			if err != nil {
				t.Fatal(err)
			}
			text, _, ranNoScript := jsonengine.NewStringifier(rt, ops, jsonengine.Limits{MaxDepth: 100}, "").RecordHinted(responseKeys[:], args[:], nil)
			if !ranNoScript {
				t.Fatal("the stringify of plain arguments ran a script")
			}
			want, err := DecodeResponse(text)
			if err != nil {
				t.Fatal(err)
			}
			if got.Code != want.Code || got.Body != want.Body || len(got.Headers) != len(want.Headers) || len(got.SessionMeta) != len(want.SessionMeta) {
				t.Fatalf("read %#v, encoding/json %#v", got, want)
			}
		})
	}
}
