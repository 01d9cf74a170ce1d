package jsonengine

import (
	"reflect"
	"testing"

	"github.com/dop251/goja"
)

// TestRecordHints: decoding RecordHinted's text with its hints gives what
// decoding it without them gives, and the hints cover the long escaped
// strings only.
func TestRecordHints(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		hints     int
	}{
		{"escaped body", `[{Body: JSON.stringify({a: "x", b: [1, 2], c: "line\nbreak"}), Code: 200, Headers: {"X-A": "q\"uote and more text"}}, {k: "v"}]`, 2},
		{"plain strings", `[{Body: "no escapes in this long string", Code: 200}, null]`, 0},
		{"short escaped", `[{Body: "a\"b"}, undefined]`, 0},
		{"non-ASCII", `[{Body: "caf\u00e9 \"\u2028\" \ud83d\ude00 and more"}, {}]`, 1},
		{"lone surrogate", `[{Body: "lone \ud800 surrogate \"quoted\""}, {}]`, 0},
		{"toJSON and nesting", `[{Body: {toJSON: function() { return "from \"toJSON\" with text" }}, X: [{y: "nested \"escaped\" string"}]}, {m: "meta \"escaped\" string"}]`, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rt := goja.New()
			ops, err := NewOps(rt)
			if err != nil {
				t.Fatal(err)
			}
			v, err := rt.RunString(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			args := v.(*goja.Object)
			values := []goja.Value{args.Get("0"), args.Get("1")}
			keys := []string{"Response", "SessionMeta"}
			plain := NewStringifier(rt, ops, Limits{MaxDepth: 100}, "").Record(keys, values)
			text, hints, _ := NewStringifier(rt, ops, Limits{MaxDepth: 100}, "").RecordHinted(keys, values, nil)
			if text != plain {
				t.Fatalf("RecordHinted wrote %s, Record %s", text, plain)
			}
			if len(hints) != tc.hints {
				t.Errorf("%d hints, want %d: %+v", len(hints), tc.hints, hints)
			}
			want, ok := decodeText(text)
			if !ok {
				t.Fatalf("declined %s", text)
			}
			d := NewTextDecoder(text)
			d.UseHints(hints)
			got, ok := d.Value(0)
			if !ok || !d.Done() || !reflect.DeepEqual(got, want) {
				t.Fatalf("with hints %#v (%v), without %#v", got, ok, want)
			}
		})
	}
}
