package hostobj

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/dop251/goja"
)

// newTestRuntime returns a new runtime and its Object.prototype.
func newTestRuntime(t *testing.T) (*goja.Runtime, *goja.Object) {
	t.Helper()
	rt := goja.New()
	return rt, rt.NewObject().Prototype()
}

// runWith evaluates src in rt with the global obj set to obj.
func runWith(t *testing.T, rt *goja.Runtime, obj goja.Value, src string) goja.Value {
	t.Helper()
	if err := rt.Set("obj", obj); err != nil {
		t.Fatal(err)
	}
	v, err := rt.RunString(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

// TestCachedArgPrepared: a prepared document's object is handed back while
// nothing changed it, and built again after any change a script can make.
func TestCachedArgPrepared(t *testing.T) {
	t.Parallel()
	doc := NewDoc(`{"b":{"c":1,"d":[1,2]},"a":"x","2":null}`)
	tests := []struct {
		name   string
		change string // run on the first object; "" changes nothing
		reused bool
	}{
		{"untouched", ``, true},
		{"read members", `obj.a + obj.b.c + obj["2"]`, true},
		{"enumerate", `Object.keys(obj).join() + Object.keys(obj.b).join() + JSON.stringify(obj.b.c)`, true},
		{"stringify (builds the array)", `JSON.stringify(obj)`, false},
		{"set a member", `obj.a = "y"`, false},
		{"set a nested member", `obj.b.c = 2`, false},
		{"add a member", `obj.z = 1`, false},
		{"delete a member", `delete obj.b.c`, false},
		{"define a property", `Object.defineProperty(obj.b, "e", {value: 1, enumerable: true, configurable: true, writable: true})`, false},
		{"replace a prototype", `Object.setPrototypeOf(obj.b, {p: 1})`, false},
		{"hand out an array", `obj.b.d.length`, false},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, proto := newTestRuntime(t)
			var c CachedArg
			first, err := c.Prepared(rt, proto, &doc)
			if err != nil {
				t.Fatal(err)
			}
			if tt.change != "" {
				runWith(t, rt, first, tt.change)
			}
			second, err := c.Prepared(rt, proto, &doc)
			if err != nil {
				t.Fatal(err)
			}
			if got := first == second; got != tt.reused {
				t.Fatalf("reused = %v, want %v", got, tt.reused)
			}
			if got := runWith(t, rt, second, `JSON.stringify(obj)`).String(); !tt.reused && got != `{"2":null,"b":{"c":1,"d":[1,2]},"a":"x"}` {
				t.Fatalf("rebuilt object is %s", got)
			}
			other := NewDoc(doc.JSON())
			third, err := c.Prepared(rt, proto, &other)
			if err != nil {
				t.Fatal(err)
			}
			if third == second {
				t.Fatal("an object built from another prepared document was reused")
			}
		})
	}
}

// TestCachedArgText: JSON text is keyed by its content; values that are not
// objects are parsed every time; the caller may reuse its buffer.
func TestCachedArgText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		first, next string
		reused      bool
		want        string // JSON.stringify of the next value
	}{
		{"same text", `{"a":1}`, `{"a":1}`, true, `{"a":1}`},
		{"other text", `{"a":1}`, `{"a":2}`, false, `{"a":2}`},
		{"same value, other spacing", `{"a":1}`, `{"a": 1}`, false, `{"a":1}`},
		{"null", `null`, `null`, false, `null`},
		{"array", `[1]`, `[1]`, false, `[1]`},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, proto := newTestRuntime(t)
			var c CachedArg
			buf := []byte(tt.first)
			first, err := c.Text(rt, proto, buf)
			if err != nil {
				t.Fatal(err)
			}
			copy(buf, "########") // the caller's buffer is not the object's
			if got := runWith(t, rt, first, `JSON.stringify(obj)`).String(); got != string(mustCompact(t, tt.first)) {
				t.Fatalf("first object is %s after the buffer changed", got)
			}
			next, err := c.Text(rt, proto, []byte(tt.next))
			if err != nil {
				t.Fatal(err)
			}
			isObj := func(v goja.Value) bool { _, ok := v.(*goja.Object); return ok }
			if got := isObj(first) && first == next; got != tt.reused {
				t.Fatalf("reused = %v, want %v", got, tt.reused)
			}
			if got := runWith(t, rt, next, `JSON.stringify(obj)`).String(); got != tt.want {
				t.Fatalf("next object is %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("invalid JSON", func(t *testing.T) {
		t.Parallel()
		rt, proto := newTestRuntime(t)
		var c CachedArg
		if _, err := c.Text(rt, proto, []byte(`{"a":`)); err == nil {
			t.Fatal("no error for invalid JSON")
		}
	})
}

func mustCompact(t *testing.T, s string) []byte {
	t.Helper()
	var v interface{}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRequestMatchesEncodingJSON: the lazy request object stringifies as
// encoding/json encodes the request (Tyk builds it that way), before and
// after a script reads single fields first.
func TestRequestMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  *Request
	}{
		{"nil", nil},
		{"empty", &Request{}},
		{"full", &Request{Headers: map[string][]string{"X-B": {"2"}, "X-A": {"1", "1b"}}, Body: []byte(`{"x":1}`),
			URL: "/a?b=c", Params: map[string][]string{"b": {"c"}, "10": {"ten"}, "2": {"two"}}, Scheme: "https"}},
		{"invalid UTF-8", &Request{Headers: map[string][]string{"Bad\xffName": {"v\xfe"}}, Body: []byte("caf\xe9"),
			Params: map[string][]string{"k": {"\xff\xfe"}}}},
		{"nil value list", &Request{Headers: map[string][]string{"X": nil}}},
		{"shared body", &Request{Body: []byte(`{"x":"é"}`), ShareBody: true}},
		{"shared invalid UTF-8", &Request{Body: []byte("caf\xe9"), ShareBody: true}},
		{"lazy params", &Request{LazyParams: true, ParamsQuery: "b=c&10=ten&2=two&b=d+e&;x=1&&k"}},
		{"lazy params with escapes", &Request{LazyParams: true, ParamsQuery: "b=%63&a%20b=%zz&%ff=v"}},
		{"lazy empty params", &Request{LazyParams: true}},
	}
	for _, tt := range tests {
		tt := tt
		for _, first := range []string{``, `obj.Headers && obj.Headers["X-A"]; obj.Params && obj.Params.b; obj.Body;`} {
			first := first
			t.Run(tt.name+map[bool]string{true: "", false: "/after reads"}[first == ""], func(t *testing.T) {
				t.Parallel()
				rt, _ := newTestRuntime(t)
				obj := NewRequest(rt, tt.req)
				if first != "" {
					runWith(t, rt, obj, first)
				}
				got := runWith(t, rt, obj, `JSON.stringify(obj)`).String()
				req := tt.req
				if req == nil {
					req = &Request{}
				}
				params := req.Params
				if req.LazyParams {
					params, _ = url.ParseQuery(req.ParamsQuery)
				}
				// encoding/json sends Body ([]byte) as base64; Tyk's object
				// carries it as a string.
				want, err := json.Marshal(struct {
					Headers map[string][]string
					Body    string
					URL     string
					Params  map[string][]string
					Scheme  string
				}{req.Headers, string(req.Body), req.URL, params, req.Scheme})
				if err != nil {
					t.Fatal(err)
				}
				// Compare as JavaScript orders keys: parse encoding/json's
				// text with JSON.parse and stringify it again.
				wantJS := runWith(t, rt, rt.ToValue(string(want)), `JSON.stringify(JSON.parse(obj))`).String()
				if got != wantJS {
					t.Fatalf("got  %s\nwant %s", got, wantJS)
				}
			})
		}
	}
}

// TestInsertPos: keys a script adds to a JSON object go where JavaScript
// puts them — array indexes ascending first, other keys in insertion order.
func TestInsertPos(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []string
		key  string
		want int
	}{
		{"empty", nil, "a", 0},
		{"name goes last", []string{"1", "a"}, "b", 2},
		{"index before names", []string{"a", "b"}, "3", 0},
		{"index among indexes", []string{"1", "5", "a"}, "3", 1},
		{"largest index", []string{"1", "5", "a"}, "9", 2},
		{"leading zero is a name", []string{"1", "a"}, "01", 2},
		{"negative is a name", []string{"1"}, "-1", 1},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := insertPos(tt.keys, tt.key); got != tt.want {
				t.Fatalf("insertPos(%q, %q) = %d, want %d", tt.keys, tt.key, got, tt.want)
			}
		})
	}
}

// TestMultiMapLookupBesideInvalidKeys: a lookup by name answers what the
// ordered form (built by listing the keys) answers, when some keys are not
// valid UTF-8 and their names, holding U+FFFD, may equal another key's.
func TestMultiMapLookupBesideInvalidKeys(t *testing.T) {
	t.Parallel()
	headers := map[string][]string{"Bad\xffName": {"a"}, "Bad\uFFFDName": {"b"}, "X-A": {"1"}, "\xfe": {"c"}}
	probes := []string{"X-A", "Bad\uFFFDName", "\uFFFD", "Bad\xffName", "Missing"}
	script := `JSON.stringify(probes.map(function (k) { return [k in obj.Headers, obj.Headers[k]] }))`
	for _, listFirst := range []bool{false, true} {
		rt, _ := newTestRuntime(t)
		if err := rt.Set("probes", probes); err != nil {
			t.Fatal(err)
		}
		obj := NewRequest(rt, &Request{Headers: headers})
		if listFirst {
			runWith(t, rt, obj, `Object.keys(obj.Headers)`)
		}
		got := runWith(t, rt, obj, script).String()
		rt2, _ := newTestRuntime(t)
		if err := rt2.Set("probes", probes); err != nil {
			t.Fatal(err)
		}
		want := runWith(t, rt2, NewRequest(rt2, &Request{Headers: headers}), `Object.keys(obj.Headers); `+script).String()
		if got != want {
			t.Errorf("listed first %v: got %s, want %s (the ordered form's)", listFirst, got, want)
		}
	}
}
