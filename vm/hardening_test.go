package vm

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestHardeningScriptFaults: each fault ends within its deadline with a
// clear error, the runtime it ran on is replaced if it could be
// inconsistent, and the next call is served.
func TestHardeningScriptFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		timeout time.Duration
		want    error
	}{
		{"endless loop", `for (;;) {}`, 50 * time.Millisecond, ErrTimeout},
		{"endless recursion", `function r() { return r() + 1 } r()`, time.Second, ErrStackOverflow},
		{"growing allocation", `var a = []; for (;;) { a.push(new Array(1000).join("x")) }`, 50 * time.Millisecond, ErrTimeout},
		{"string doubling", `var s = "x"; for (var i = 0; i < 64; i++) { s = s + s + i }`, 100 * time.Millisecond, ErrTimeout},
		{"throw from a callback", `[1, 2].map(function() { throw new TypeError("inside map") })`, time.Second, ErrScript},
		{"throw a non-error", `throw {code: 7}`, time.Second, ErrScript},
		{"Go function given junk", `b64dec({}); TykMakeHttpRequest("{not json"); TykBatchRequest(42); rawb64dec(null)`, time.Second, nil},
		{"catch and continue after a stack overflow", `function r() { return r() } try { r() } catch (e) {}`, time.Second, ErrStackOverflow},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm = 1, 1; c.Limits.MaxStackDepth = 200 },
				`function fault() { `+tc.body+`; return TykJsResponse({Body: "survived", Code: 200}) }`,
				`function ok() { return TykJsResponse({Body: "ok", Code: 200}) }`)
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			start := time.Now()
			resp, err := p.Call(ctx, &Call{Function: "fault", Request: &Request{URL: "/"}})
			if elapsed := time.Since(start); elapsed > tc.timeout+time.Second {
				t.Fatalf("took %v with a %v deadline", elapsed, tc.timeout)
			}
			switch {
			case tc.want == nil && (err != nil || resp.Body != "survived"):
				t.Fatalf("got %v %+v, want the call to survive", err, resp)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if resp, err := call(t, p, "ok", nil); err != nil || resp.Body != "ok" {
				t.Fatalf("next call: %v %+v", err, resp)
			}
			if s := p.Stats(); s.InUse != 0 || s.Live > 1 {
				t.Fatalf("pool after the fault: %+v", s)
			}
		})
	}
}
