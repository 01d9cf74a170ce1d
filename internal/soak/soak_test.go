package soak

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestSmallSoak: a short run serves every kind with its expected status and
// leaves no runtime in use.
func TestSmallSoak(t *testing.T) {
	rep, err := Run(context.Background(), Options{N: 400, Concurrency: 4, Duration: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Requests != 400 || rep.Unexpected != 0 || rep.Failed != 0 {
		var b bytes.Buffer
		rep.Markdown(&b)
		t.Fatalf("soak run:\n%s", b.String())
	}
	if rep.Pool.InUse != 0 || rep.Pool.Timeouts != int64(rep.Kinds["timeout"].Count) {
		t.Fatalf("pool after the run: %+v", rep.Pool)
	}
	if s := rep.PoolAfterClose; s.Live != 0 || s.InUse != 0 || s.Created != s.Destroyed {
		t.Fatalf("pool after shutdown: %+v", s)
	}
	if rep.End.Goroutines > rep.Start.Goroutines {
		t.Fatalf("goroutines: %d at start, %d after shutdown", rep.Start.Goroutines, rep.End.Goroutines)
	}
	var b bytes.Buffer
	rep.Markdown(&b)
	if !strings.Contains(b.String(), "| normal | 360 |") || !strings.Contains(b.String(), "p99.9") {
		t.Fatalf("report:\n%s", b.String())
	}
}

func TestOptionsValidate(t *testing.T) {
	err := Options{}.Validate()
	for _, f := range []string{"n:", "concurrency:", "duration:"} {
		if err == nil || !strings.Contains(err.Error(), f) {
			t.Errorf("error does not name %s: %v", f, err)
		}
	}
}
