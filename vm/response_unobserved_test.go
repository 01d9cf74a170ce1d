package vm

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResponseUnobserved: a pool whose scripts only return TykJsResponse's
// result straight to the host skips building its text (the representative
// endpoint is such a pool), and one whose script looks at the text gets
// the real string.
func TestResponseUnobserved(t *testing.T) {
	t.Parallel()
	representative, err := os.ReadFile(filepath.Join("testdata", "representative.js"))
	if err != nil {
		t.Fatal(err)
	}
	if p := newTestPool(t, nil, string(representative)); !p.globals.responseUnobserved {
		t.Fatal("the representative endpoint's TykJsResponse text is built: the pool thinks a script can see it")
	}
	for _, tc := range []struct {
		name, src  string
		unobserved bool
		body       string
	}{
		{"returned", `function f(r) { return TykJsResponse({Body: "b", Code: 201, Headers: {"X-A": "1"}}, null) }`, true, "b"},
		{"looked at", `function f(r) {
			var s = TykJsResponse({Body: "b", Code: 201}, null);
			return TykJsResponse({Body: typeof s + ":" + s, Code: 201, Headers: {"X-A": "1"}}, null) }`,
			false, `string:{"Response":{"Body":"b","Code":201},"SessionMeta":null}`},
		{"toJSON on the prototype", `"use strict"; function f(r) {
			Object.prototype.toJSON = function () { return this.Body === "b" ? {Body: "via toJSON", Code: 201, Headers: {"X-A": "1"}} : this };
			try { return TykJsResponse({Body: "b", Code: 500}, null) } finally { delete Object.prototype.toJSON } }`,
			true, "via toJSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newTestPool(t, nil, tc.src)
			if p.globals.responseUnobserved != tc.unobserved {
				t.Fatalf("responseUnobserved = %v, want %v", p.globals.responseUnobserved, tc.unobserved)
			}
			resp, err := p.Call(context.Background(), &Call{Function: "f", Request: &Request{}})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Code != 201 || resp.Body != tc.body || resp.Headers["X-A"] != "1" {
				t.Fatalf("got %d %q %v, want 201 %q with X-A", resp.Code, resp.Body, resp.Headers, tc.body)
			}
		})
	}
	// A member encoding/json would skip is still walked by the stringify
	// Tyk's TykJsResponse is: its toJSON runs, and throws here.
	p := newTestPool(t, nil, `function f(r) {
		return TykJsResponse({Body: "b", Code: 201, Extra: {toJSON: function () { throw new Error("boom") }}}, null) }`)
	if !p.globals.responseUnobserved {
		t.Fatal("responseUnobserved = false for a returned TykJsResponse")
	}
	if _, err := p.Call(context.Background(), &Call{Function: "f", Request: &Request{}}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v, want the toJSON's Error: boom", err)
	}
}
