package plugin

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/vm"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

func TestCPUMeter(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	tests := []struct {
		name  string
		calls []vm.Call // Ran, IOWait
		heavy bool
	}{
		{"no calls", nil, false},
		{"fast calls", []vm.Call{{Ran: 50 * time.Microsecond}, {Ran: 80 * time.Microsecond}}, false},
		{"one spin is not yet heavy", []vm.Call{{Ran: 30 * ms}}, false},
		{"repeated spins", []vm.Call{{Ran: 100 * ms}, {Ran: 100 * ms}}, true},
		{"waiting on the network is not CPU", []vm.Call{{Ran: time.Second, IOWait: time.Second - ms}, {Ran: time.Second, IOWait: time.Second}}, false},
		{"heavy, then light again", []vm.Call{{Ran: 100 * ms}, {Ran: 100 * ms}, {Ran: ms}, {Ran: ms}, {Ran: ms}, {Ran: ms}, {Ran: ms}, {Ran: ms}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := newCPUMeter(0)
			for i := range tc.calls {
				m.observe(&tc.calls[i])
			}
			if got := m.heavy(); got != tc.heavy {
				t.Fatalf("heavy = %v (average %s), want %v", got, time.Duration(m.avg.Load()), tc.heavy)
			}
		})
	}
	var none *cpuMeter
	none.observe(&vm.Call{Ran: time.Second})
	if none.heavy() {
		t.Fatal("a nil meter is heavy")
	}
}

func TestCPUSlotsWaitUntilTheDeadline(t *testing.T) {
	t.Parallel()
	s := &cpuSlots{slots: make(chan struct{}, 1)}
	if err := s.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := s.acquire(ctx); !errors.Is(err, vm.ErrTimeout) || !errors.Is(err, errCPUWait) {
		t.Fatalf("acquire past the deadline: %v, want a timeout", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if err := s.acquire(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("acquire after the client left: %v", err)
	}
	s.release(time.Hour) // no light call in flight: free at once
	if err := s.acquire(context.Background()); err != nil {
		t.Fatalf("acquire after a release: %v", err)
	}
	// With a light call in flight the slot rests as long as the heavy
	// call was busy.
	done := s.lightCall()
	defer done()
	s.release(time.Hour)
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if err := s.acquire(ctx); !errors.Is(err, vm.ErrTimeout) {
		t.Fatalf("acquire while the slot rests: %v, want a timeout", err)
	}
	// After its rest the slot is free again.
	s2 := &cpuSlots{slots: make(chan struct{}, 1)}
	if err := s2.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s2.lightCall()()
	s2.release(10 * time.Millisecond)
	if err := s2.acquire(context.Background()); err != nil {
		t.Fatalf("acquire after the rest: %v", err)
	}
}

// TestCPUHeavyEndpointSharesHalfTheCores: once an endpoint's calls are seen
// to spin, no more of them run at once than the node has CPU slots; the
// others wait and answer the timeout error at their deadline, and the API's
// light endpoint is served meanwhile without waiting for a slot.
func TestCPUHeavyEndpointSharesHalfTheCores(t *testing.T) {
	t.Parallel()
	h, _ := newTestHandler(t)
	def := classicAPI(t, "cpu", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/spin", "spin", `function spin() { for (;;) {} }`),
		inline("GET", "/light", "light", `function light() { return TykJsResponse({Body: "light", Code: 200}, {}) }`),
	}, "timeout": "300ms"})
	for i := 0; i < 2; i++ { // two spins make the endpoint heavy
		assertJSONError(t, serve(t, h, def, "GET", "/cpu/spin", "", nil), http.StatusInternalServerError, "timed out")
	}
	api := h.Registry().APIs()[0]
	slots := cap(h.settings.node.cpuSlots().slots)
	const spinners = 3
	spinning := func() int {
		n := 0
		for _, c := range api.pool.RunningCalls(nil) {
			if c.Function == "spin" {
				n++
			}
		}
		return n
	}
	wait := startConcurrent(h, def, "/cpu/spin", spinners)
	stop, most := make(chan struct{}), make(chan int)
	go func() { // the most spinning calls seen at once
		m := 0
		for {
			select {
			case <-stop:
				most <- m
				return
			case <-time.After(100 * time.Microsecond):
				m = max(m, spinning())
			}
		}
	}()
	testutil.WaitUntil(t, "a spinner to run", func() bool { return spinning() > 0 })
	if w := serve(t, h, def, "GET", "/cpu/light", "", nil); w.Code != 200 {
		t.Fatalf("light endpoint while spinners run: %d %s", w.Code, w.Body.String())
	}
	for _, w := range wait() {
		assertJSONError(t, w, http.StatusInternalServerError, "timed out")
	}
	close(stop)
	if got := <-most; got > slots {
		t.Fatalf("%d spinning calls ran at once, want at most %d (the node's CPU slots)", got, slots)
	}
}
