package loadscenario

import (
	"fmt"
	"net/http"
	"time"
)

// Thresholds of issue 10's "Done when".
const (
	// MinRatioSlowIO is the least share of its unloaded throughput the
	// representative endpoint keeps while clients wait on the slow upstream.
	MinRatioSlowIO = 0.80
	// MinRatioSpin is the same share beside the spinning endpoint.
	MinRatioSpin = 0.50
	// MinSlowParallel is the least share of clients/delay that /slowio
	// serves ("all 8 in parallel": ≈ 8 req/s at 1 s).
	MinSlowParallel = 0.90
	// MaxSlowLatency is the most /slowio's mean latency may exceed the
	// upstream's delay by, as a factor ("latency ≈ 1 s").
	MaxSlowLatency = 1.20
)

// TimeoutMessage is the error a call that hit its deadline answers with.
const TimeoutMessage = "virtual endpoint timed out"

// Check is one threshold on one target.
type Check struct {
	Target, Name, Want, Got string
	Pass                    bool
}

// Failed reports whether any check failed.
func (r *Report) Failed() bool {
	for _, c := range r.Checks() {
		if !c.Pass {
			return true
		}
	}
	return false
}

// Checks evaluates the thresholds on every target that ran.
func (r *Report) Checks() []Check {
	var out []Check
	for _, t := range r.Targets {
		if t.Err != "" {
			out = append(out, Check{Target: t.Name, Name: "target ran", Want: "yes", Got: t.Err})
			continue
		}
		out = append(out, t.checks(r.Options)...)
	}
	return out
}

func (t TargetResult) checks(o Options) []Check {
	var out []Check
	add := func(name, want, got string, pass bool) {
		out = append(out, Check{Target: t.Name, Name: name, Want: want, Got: got, Pass: pass})
	}
	alone, ok := t.Phase("alone")
	if !ok {
		return out
	}
	aloneRep, _ := alone.Endpoint(Representative)
	add("representative alone answers 200", "all 200", statuses(aloneRep), aloneRep.Only(http.StatusOK, ""))
	ratio := func(phase string, min float64) {
		p, ok := t.Phase(phase)
		if !ok {
			return
		}
		rep, _ := p.Endpoint(Representative)
		add(fmt.Sprintf("representative with /%s keeps its throughput", phase), fmt.Sprintf("≥ %.0f %% of alone", 100*min),
			fmt.Sprintf("%.0f %% (%.1f of %.1f req/s)", 100*t.RepRatio(phase), rep.Throughput(), aloneRep.Throughput()),
			t.RepRatio(phase) >= min)
		add(fmt.Sprintf("representative with /%s answers 200", phase), "all 200", statuses(rep), rep.Only(http.StatusOK, ""))
	}
	ratio("slowio", MinRatioSlowIO)
	if p, ok := t.Phase("slowio"); ok {
		s, _ := p.Endpoint(SlowIO)
		ideal := float64(s.Clients) / o.SlowDelay.Seconds()
		add("/slowio serves its clients in parallel", fmt.Sprintf("≥ %.1f req/s (%d clients / %s)", MinSlowParallel*ideal, s.Clients, o.SlowDelay),
			fmt.Sprintf("%.1f req/s", s.Throughput()), s.Throughput() >= MinSlowParallel*ideal)
		maxMean := time.Duration(MaxSlowLatency * float64(o.SlowDelay))
		add("/slowio latency ≈ the upstream's", fmt.Sprintf("mean ≤ %s", maxMean), fmt.Sprintf("mean %s", dur(s.Mean)),
			s.Count > 0 && s.Mean <= maxMean)
		add("/slowio answers 200", "all 200", statuses(s), s.Only(http.StatusOK, ""))
	}
	ratio("spin", MinRatioSpin)
	if p, ok := t.Phase("spin"); ok {
		s, _ := p.Endpoint(Spin)
		add("/spin answered with the timeout error", fmt.Sprintf("all 500 %q", TimeoutMessage), statuses(s),
			s.Only(http.StatusInternalServerError, TimeoutMessage))
	}
	if p, ok := t.Phase("alloc"); ok {
		a, _ := p.Endpoint(Alloc)
		rep, _ := p.Endpoint(Representative)
		add("/alloc answered with JSON errors", "all 500 or 503 with an error message", statuses(a), jsonErrorsOnly(a))
		add("representative keeps serving beside /alloc", "200s, no transport error", statuses(rep),
			rep.Statuses[http.StatusOK] > 0 && rep.TransportErrors == 0)
		if o.HeapLimit != "" {
			limit, _ := ParseBytes(o.HeapLimit)
			add("Go heap stays under the heap limit", fmt.Sprintf("peak ≤ %s", o.HeapLimit), mib(p.HeapPeak), p.HeapPeak <= limit)
		}
	}
	return out
}

// jsonErrorsOnly reports whether every answer was a 500 or 503 whose JSON
// body named an error.
func jsonErrorsOnly(s EndpointStats) bool {
	if s.Count == 0 || s.TransportErrors > 0 {
		return false
	}
	if s.Statuses[http.StatusInternalServerError]+s.Statuses[http.StatusServiceUnavailable] != s.Count {
		return false
	}
	return s.Errors[""] == 0
}
