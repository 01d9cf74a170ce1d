package vm

import (
	"testing"

	"github.com/tyk-ve/tyk-ve/vm/isolation"
)

// TestFetchKeepsTheCheapReset: the fetch classes' method names (json,
// text, error, redirect, timeout …) must not make ordinary Tyk scripts look
// as if they could reach a built-in: such scripts keep the restore reset.
// (Names goja's own built-ins or the Web platform basics already hold an
// object under — any, append, get, set, keys … — are left out.)
func TestFetchKeepsTheCheapReset(t *testing.T) {
	t.Parallel()
	src := `function f(r, s, c) { var d = JSON.parse(r.Body);
		return TykJsResponse({Body: JSON.stringify([d.json, d.text, d.error, d.redirect, d.timeout, d.clone, d.abort,
			d.bytes, d.blob, d.arrayBuffer, d.formData, d.getSetCookie, d.throwIfAborted,
			d.addEventListener, d.status, d.ok, d.url, d.headers, d.signal, d.method, r.URL]), Code: 200}, s.meta_data) }`
	p := newTestPool(t, nil, src)
	if mode := p.globals.plan.Mode; mode != isolation.Restore {
		t.Errorf("mode %v (%s), want restore", mode, p.globals.plan.Reason)
	}
}

// TestFetchGlobalsRestored: a call that replaces fetch or one of its
// classes does not leave the replacement to the next call.
func TestFetchGlobalsRestored(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm = 1, 1 },
		`function f(r) { var before = typeof fetch + typeof Response.json; fetch = 1; Response = null;
			return TykJsResponse({Body: before, Code: 200}, null) }`)
	for i := 0; i < 3; i++ {
		resp, err := call(t, p, "f", nil)
		if err != nil || resp.Body != "functionfunction" {
			t.Fatalf("call %d: %v %v", i, resp, err)
		}
	}
}
