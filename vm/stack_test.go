package vm

import (
	"context"
	"fmt"
	"strconv"
	"testing"
)

// TestStackReuseActive fails when goja's layout is not the one stack.go
// reads (a goja upgrade): calls still work, each growing a new stack.
func TestStackReuseActive(t *testing.T) {
	if loadStackLayout() == nil {
		t.Fatal("goja's Runtime/vm layout is not the one stack.go knows: the value stack is not reused")
	}
}

// TestStackReclaimClears: after each call, nothing of it is left on the
// stack array the runtime keeps, whether the call used few slots or more
// than the array holds.
func TestStackReclaimClears(t *testing.T) {
	src := `function depth(request) {
		var n = Number(request.Params["n"][0]);
		function down(k, a, b, c) { return k === 0 ? a + b + c : down(k - 1, a, b, c) + 1; }
		return TykJsResponse({Body: String(down(n, 1, 2, 3)), Code: 200}, {});
	}`
	p := newTestPool(t, func(c *PoolConfig) {
		c.Scripts = []Script{{Name: "depth.js", Source: src}}
		c.State, c.MaxRuntimes, c.Prewarm = StateShared, 1, 1
	})
	rt, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Release(rt)
	for _, n := range []string{"40", "2", "0", "10"} {
		resp, err := rt.Call(context.Background(), &Call{Function: "depth",
			Request: &Request{Params: map[string][]string{"n": {n}}}})
		if err != nil {
			t.Fatalf("n=%s: %v", n, err)
		}
		if want := fmt.Sprint(6 + atoi(t, n)); resp.Body != want {
			t.Fatalf("n=%s: body %q, want %q", n, resp.Body, want)
		}
		for i, v := range rt.stack.buf[:cap(rt.stack.buf)] {
			if v != nil {
				t.Fatalf("n=%s: slot %d still holds %v after the call", n, i, v)
			}
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
