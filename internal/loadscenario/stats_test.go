package loadscenario

import (
	"testing"
	"time"
)

func TestSummarise(t *testing.T) {
	t.Parallel()
	start := time.Unix(1000, 0)
	ms := time.Millisecond
	a := newSample()
	a.latencies = []time.Duration{5 * ms, 1 * ms, 3 * ms}
	a.last = start.Add(2 * time.Second)
	a.statuses[200] = 3
	b := newSample()
	for i := 0; i < 97; i++ {
		b.latencies = append(b.latencies, 2*ms)
	}
	b.latencies[0] = 100 * ms
	b.last = start.Add(4 * time.Second)
	b.statuses[200], b.statuses[500] = 96, 1
	b.errors[TimeoutMessage] = 1
	b.transport = 2

	s := summarise(Representative, start, []*sample{a, b})
	if s.Count != 100 || s.Clients != 2 || s.TransportErrors != 2 || s.Window != 4*time.Second {
		t.Fatalf("count %d clients %d transport %d window %s", s.Count, s.Clients, s.TransportErrors, s.Window)
	}
	if got := s.Throughput(); got != 25 {
		t.Errorf("throughput %v, want 25", got)
	}
	// Sorted: 1, 2×96, 3, 5, 100 ms. Nearest rank: p50 is the 50th, p99 the 99th.
	if s.P50 != 2*ms || s.P99 != 5*ms || s.Max != 100*ms {
		t.Errorf("p50 %s p99 %s max %s", s.P50, s.P99, s.Max)
	}
	if want := (1 + 96*2 + 3 + 5 + 100) * ms / 100; s.Mean != want {
		t.Errorf("mean %s, want %s", s.Mean, want)
	}
	if s.Statuses[200] != 99 || s.Statuses[500] != 1 || s.Errors[TimeoutMessage] != 1 {
		t.Errorf("statuses %v errors %v", s.Statuses, s.Errors)
	}
	if empty := summarise(Spin, start, []*sample{newSample()}); empty.Count != 0 || empty.Throughput() != 0 {
		t.Errorf("empty: %+v", empty)
	}
}

func TestOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    EndpointStats
		code int
		msg  string
		want bool
	}{
		{"all 200", EndpointStats{Count: 3, Statuses: map[int]int{200: 3}}, 200, "", true},
		{"none", EndpointStats{Statuses: map[int]int{}}, 200, "", false},
		{"one 503", EndpointStats{Count: 3, Statuses: map[int]int{200: 2, 503: 1}}, 200, "", false},
		{"transport error", EndpointStats{Count: 3, TransportErrors: 1, Statuses: map[int]int{200: 3}}, 200, "", false},
		{"all timeouts", EndpointStats{Count: 2, Statuses: map[int]int{500: 2}, Errors: map[string]int{TimeoutMessage: 2}}, 500, TimeoutMessage, true},
		{"a script error", EndpointStats{Count: 2, Statuses: map[int]int{500: 2}, Errors: map[string]int{TimeoutMessage: 1, "x": 1}}, 500, TimeoutMessage, false},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.s.Only(tc.code, tc.msg); got != tc.want {
				t.Fatalf("Only = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestStatusField(t *testing.T) {
	t.Parallel()
	status := "Name:\tx\nVmHWM:\t   51200 kB\nVmRSS:\t   40960 kB\nBad:\t1\n"
	tests := []struct {
		field   string
		want    int64
		wantErr bool
	}{
		{"VmHWM:", 50 << 20, false},
		{"VmRSS:", 40 << 20, false},
		{"Bad:", 0, true},
		{"VmSwap:", 0, true},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.field, func(t *testing.T) {
			t.Parallel()
			got, err := statusField(status, tc.field)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Fatalf("statusField(%s) = %d, %v", tc.field, got, err)
			}
		})
	}
}
