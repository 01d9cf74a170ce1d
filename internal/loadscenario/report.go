package loadscenario

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Report is the outcome of a run.
type Report struct {
	Options Options
	// Procs is GOMAXPROCS of this process (the dev server's).
	Procs   int
	Targets []TargetResult
}

// TargetResult is one target's phases.
type TargetResult struct {
	Name   string
	Phases []PhaseResult
	// Err is why the target could not run its phases, if it could not.
	Err string
}

// PhaseResult is one phase on one target.
type PhaseResult struct {
	Name, Title string
	// Endpoints are the stats of the phase's endpoints, the representative
	// one first.
	Endpoints []EndpointStats
	// HeapPeak is the server's Go heap peak during the phase (heap objects,
	// sampled every few milliseconds), in bytes.
	HeapPeak uint64
	// RSSPeak is the server process's RSS peak during the phase (VmHWM),
	// in bytes; the dev server's includes the load generator.
	RSSPeak int64
}

// Endpoint returns the phase's stats for an endpoint.
func (p PhaseResult) Endpoint(name string) (EndpointStats, bool) {
	for _, e := range p.Endpoints {
		if e.Endpoint == name {
			return e, true
		}
	}
	return EndpointStats{}, false
}

// Phase returns the target's result for a phase.
func (t TargetResult) Phase(name string) (PhaseResult, bool) {
	for _, p := range t.Phases {
		if p.Name == name {
			return p, true
		}
	}
	return PhaseResult{}, false
}

// RepRatio is the representative endpoint's throughput in phase over its
// throughput alone (0 when either is missing).
func (t TargetResult) RepRatio(phase string) float64 {
	alone, ok1 := t.Phase("alone")
	p, ok2 := t.Phase(phase)
	if !ok1 || !ok2 {
		return 0
	}
	a, _ := alone.Endpoint(Representative)
	r, _ := p.Endpoint(Representative)
	if a.Throughput() == 0 {
		return 0
	}
	return r.Throughput() / a.Throughput()
}

// Markdown writes the report: a table per target, then the checks.
func (r *Report) Markdown(w io.Writer) {
	o := r.Options
	rounds := ""
	if o.Rounds > 1 {
		rounds = fmt.Sprintf(" × %d rounds (alone, with …, alone, …; figures over all rounds)", o.Rounds)
	}
	fmt.Fprintf(w, "Load scenario (issue 10): %s per phase%s, GOMAXPROCS %d; clients: %d representative, %d on /slowio (upstream %s), %d on /spin (timeout %s)",
		o.Phase, rounds, r.Procs, o.RepClients, o.SlowClients, o.SlowDelay, o.SpinClients, o.SpinTimeout)
	if o.Alloc {
		fmt.Fprintf(w, ", %d on /alloc (timeout %s)", o.AllocClients, o.AllocTimeout)
	}
	if o.MaxConcurrent > 0 {
		fmt.Fprintf(w, "; max_concurrent %d on the misbehaving endpoints", o.MaxConcurrent)
	}
	if o.HeapLimit != "" {
		fmt.Fprintf(w, "; %s=%s", EnvHeapLimit, o.HeapLimit)
	}
	fmt.Fprint(w, ".\n")
	for _, t := range r.Targets {
		fmt.Fprintf(w, "\n### %s\n\n", t.Name)
		if t.Err != "" {
			fmt.Fprintf(w, "not run: %s\n", t.Err)
		}
		if len(t.Phases) == 0 {
			continue
		}
		fmt.Fprintln(w, "| phase | endpoint | clients | responses | req/s | p50 | p99 | mean | statuses |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
		for _, p := range t.Phases {
			for i, e := range p.Endpoints {
				title := ""
				if i == 0 {
					title = p.Title
				}
				fmt.Fprintf(w, "| %s | %s | %d | %d | %.1f | %s | %s | %s | %s |\n", title, e.Endpoint, e.Clients, e.Count,
					e.Throughput(), dur(e.P50), dur(e.P99), dur(e.Mean), statuses(e))
			}
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| phase | representative req/s | vs alone | Go heap peak | RSS peak |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		for _, p := range t.Phases {
			rep, _ := p.Endpoint(Representative)
			fmt.Fprintf(w, "| %s | %.1f | %.0f %% | %s | %s |\n", p.Title, rep.Throughput(), 100*t.RepRatio(p.Name),
				mib(p.HeapPeak), mib(uint64(p.RSSPeak)))
		}
	}
	checks := r.Checks()
	if len(checks) == 0 {
		return
	}
	fmt.Fprintln(w, "\n### Checks (issue 10, \"Done when\")")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| target | check | want | got | result |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, c := range checks {
		res := "PASS"
		if !c.Pass {
			res = "FAIL"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", c.Target, c.Name, c.Want, c.Got, res)
	}
}

// dur rounds a latency for display.
func dur(d time.Duration) string {
	switch {
	case d == 0:
		return "–"
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

func mib(b uint64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

// statuses lists status counts and the error messages of non-2xx answers,
// e.g. `200×120, 500×40 ("virtual endpoint timed out"×40)`.
func statuses(e EndpointStats) string {
	codes := make([]int, 0, len(e.Statuses))
	for c := range e.Statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var parts []string
	errs := ""
	for _, c := range codes {
		parts = append(parts, fmt.Sprintf("%d×%d", c, e.Statuses[c]))
	}
	if len(e.Errors) > 0 {
		msgs := make([]string, 0, len(e.Errors))
		for m := range e.Errors {
			msgs = append(msgs, m)
		}
		sort.Strings(msgs)
		for i, m := range msgs {
			msgs[i] = fmt.Sprintf("%q×%d", m, e.Errors[m])
		}
		errs = " (" + strings.Join(msgs, ", ") + ")"
	}
	if e.TransportErrors > 0 {
		parts = append(parts, fmt.Sprintf("%d transport errors", e.TransportErrors))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ") + errs
}
