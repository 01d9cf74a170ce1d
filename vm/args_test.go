package vm

import (
	"context"
	"encoding/json"
	"testing"
)

// TestArgumentShapes: the lazy argument objects look exactly like Tyk's
// JSON-built ones to a script.
func TestArgumentShapes(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, `function shape(request, session, config) {
		request.Extra = 1; delete request.Scheme;
		return TykJsResponse({Body: JSON.stringify({
			req: JSON.parse(JSON.stringify(request)), keys: Object.keys(request), has: "URL" in request,
			hasScheme: request.hasOwnProperty("Scheme"), sess: session, cfg: config, cfgKeys: Object.keys(config)}), Code: 200}, null);
	}`)
	resp, err := call(t, p, "shape", &Request{
		Headers: map[string][]string{"X-B": {"2"}, "X-A": {"1", "1b"}},
		Body:    []byte("caf\xe9!"), URL: "/a?b=c", Params: map[string][]string{"b": {"c"}}, Scheme: "https",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"req":{"Headers":{"X-A":["1","1b"],"X-B":["2"]},"Body":"caf\ufffd!","URL":"/a?b=c","Params":{"b":["c"]},"Extra":1},` +
		`"keys":["Headers","Body","URL","Params","Extra"],"has":true,"hasScheme":false,` +
		`"sess":{"meta_data":{"a":1}},"cfg":{"APIID":"api-1","OrgID":"org-1","config_data":{"k":"v"}},"cfgKeys":["APIID","OrgID","config_data"]}`
	var got, exp interface{}
	_ = json.Unmarshal([]byte(resp.Body), &got)
	_ = json.Unmarshal([]byte(want), &exp)
	g, _ := json.Marshal(got)
	e, _ := json.Marshal(exp)
	if string(g) != string(e) {
		t.Fatalf("got  %s\nwant %s", resp.Body, want)
	}
}

func TestNewConfigObjectDisabledAndNull(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		data    map[string]interface{}
		include bool
		want    string
	}{
		{nil, true, `{"APIID":"a","OrgID":"o","config_data":null}`},
		{map[string]interface{}{"x": 1}, false, `{"APIID":"a","OrgID":"o"}`},
		{map[string]interface{}{"z": 1, "a": 2}, true, `{"APIID":"a","OrgID":"o","config_data":{"a":2,"z":1}}`},
	} {
		c, err := NewConfigObject("a", "o", tc.data, tc.include)
		if err != nil || c.JSON() != tc.want {
			t.Errorf("got %s %v, want %s", c.JSON(), err, tc.want)
		}
	}
}

func TestPreparedSessionMatchesSession(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, `function s(r, session) { return TykJsResponse({Body: JSON.stringify(session), Code: 200}, null) }`)
	for _, js := range []string{`{"quota_max":0,"meta_data":null,"tags":["a"]}`, `null`, `{}`} {
		want, err := p.Call(context.Background(), &Call{Function: "s", Request: &Request{}, Session: []byte(js)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Call(context.Background(), &Call{Function: "s", Request: &Request{}, PreparedSession: PrepareJSON([]byte(js))})
		if err != nil || got.Body != want.Body {
			t.Fatalf("%s: prepared %q (%v), plain %q", js, got.Body, err, want.Body)
		}
	}
}
