package vm

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/hostobj"
	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
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
		got, gotErr := jsonengine.Parse(rt, string(data))
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
		if keys, raws, ok := jsonengine.ScanObject(string(data)); ok {
			jsonengine.OrderLikeJS(keys, raws)
			lazy := hostobj.NewJSONTree(rt, rt.NewObject().Prototype()).Object(keys, raws)
			ls, err := stringify(goja.Undefined(), lazy)
			if err == nil && ls.String() != ws.String() {
				t.Fatalf("lazy value differs for %q:\nJSON.parse %s\nlazy       %s", data, ws, ls)
			}
		}
	})
}
