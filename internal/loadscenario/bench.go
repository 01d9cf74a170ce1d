package loadscenario

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// BenchOptions configure the plugin load benchmark of issue 12: tyk-ve's
// representative endpoint against a static Go plugin answering the same
// bytes, in one test host with a gateway-like heap, in interleaved rounds.
type BenchOptions struct {
	// DefsDir holds the scenario's api.json and scripts.
	DefsDir string
	// Clients are the concurrent keep-alive clients.
	Clients int
	// Round is how long each target is driven per round; Rounds how many
	// rounds (each drives both targets, alternating which goes first).
	Round  time.Duration
	Rounds int
	// Warmup drives each target, unmeasured, before the first round.
	Warmup time.Duration
	// GatewayHeapMB is the live heap the host holds (its -gateway-heap-mb).
	GatewayHeapMB int
	// HostBin, PluginSO and StaticSO are the built loadhost, tyk-ve.so and
	// the static plugin (testdata/host/cmd/staticplugin).
	HostBin, PluginSO, StaticSO string
	// RequestTimeout bounds each request.
	RequestTimeout time.Duration
}

// DefaultBenchOptions: 16 clients (the wrk connections), 6 rounds of
// 3 s per target, a 300 MB gateway heap.
func DefaultBenchOptions() BenchOptions {
	return BenchOptions{DefsDir: "testdata/loadscenario", Clients: 16, Round: 3 * time.Second, Rounds: 6,
		Warmup: 2 * time.Second, GatewayHeapMB: 300, RequestTimeout: 30 * time.Second}
}

// Validate reports every invalid field at once.
func (o BenchOptions) Validate() error {
	var errs []error
	if o.DefsDir == "" {
		errs = append(errs, errors.New("defs_dir: must not be empty"))
	}
	if o.Clients < 1 || o.Clients > 256 {
		errs = append(errs, fmt.Errorf("clients: must be between 1 and 256, got %d", o.Clients))
	}
	if o.Round <= 0 {
		errs = append(errs, errors.New("round: must be > 0"))
	}
	if o.Rounds < 1 {
		errs = append(errs, errors.New("rounds: must be >= 1"))
	}
	if o.Warmup < 0 {
		errs = append(errs, errors.New("warmup: must be >= 0"))
	}
	if o.GatewayHeapMB < 0 {
		errs = append(errs, errors.New("gateway_heap_mb: must be >= 0"))
	}
	if o.RequestTimeout <= 0 {
		errs = append(errs, errors.New("request_timeout: must be > 0"))
	}
	for _, f := range []struct{ name, v string }{{"host_bin", o.HostBin}, {"plugin_so", o.PluginSO}, {"static_so", o.StaticSO}} {
		if f.v == "" {
			errs = append(errs, fmt.Errorf("%s: required", f.name))
		}
	}
	return errors.Join(errs...)
}

// Bench targets.
const (
	BenchTykVE  = "tyk-ve"
	BenchStatic = "static plugin"
)

// staticPrefix is where the host mounts the static plugin (its
// -static-prefix).
const staticPrefix = "/static"

// BenchRound is one round: both targets, one after the other.
type BenchRound struct {
	// First is the target driven first in this round.
	First         string
	TykVE, Static EndpointStats
}

// Ratio is tyk-ve's throughput over the static plugin's in the round.
func (r BenchRound) Ratio() float64 { return ratio(r.TykVE.Throughput(), r.Static.Throughput()) }

// BenchReport is the outcome of a benchmark run.
type BenchReport struct {
	Options BenchOptions
	Rounds  []BenchRound
	// TykVE and Static merge every round.
	TykVE, Static EndpointStats
	// HeapLive is the host's live Go heap after the warm-up (after a GC);
	// HeapPeak and RSSPeak
	// are its peaks over the rounds.
	HeapLive, HeapPeak uint64
	RSSPeak            int64
}

// Ratio is tyk-ve's throughput over the static plugin's, over all rounds.
func (r *BenchReport) Ratio() float64 { return ratio(r.TykVE.Throughput(), r.Static.Throughput()) }

// MedianRoundRatio is the median of the rounds' ratios.
func (r *BenchReport) MedianRoundRatio() float64 {
	if len(r.Rounds) == 0 {
		return 0
	}
	rs := make([]float64, len(r.Rounds))
	for i, x := range r.Rounds {
		rs[i] = x.Ratio()
	}
	sort.Float64s(rs)
	if n := len(rs); n%2 == 0 {
		return (rs[n/2-1] + rs[n/2]) / 2
	}
	return rs[len(rs)/2]
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Bench starts the test host with both plugins and a gateway-like heap,
// checks that both answer the same bytes, and runs the rounds.
func Bench(ctx context.Context, o BenchOptions, progress io.Writer) (*BenchReport, error) {
	if err := o.Validate(); err != nil {
		return nil, fmt.Errorf("plugin load benchmark options: %w", err)
	}
	if progress == nil {
		progress = io.Discard
	}
	tmp, err := os.MkdirTemp("", "tyk-ve-plugin-load-")
	if err != nil {
		return nil, fmt.Errorf("plugin load benchmark: %w", err)
	}
	defer os.RemoveAll(tmp)
	apiDir := filepath.Join(tmp, "apps")
	if err := os.Mkdir(apiDir, 0o700); err != nil {
		return nil, fmt.Errorf("plugin load benchmark: %w", err)
	}
	// The representative endpoint calls no upstream; nothing listens here.
	so := DefaultOptions()
	so.DefsDir = o.DefsDir
	if err := writeDefinition(apiDir, "http://127.0.0.1:9", so); err != nil {
		return nil, err
	}
	staticSO, err := filepath.Abs(o.StaticSO)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "plugin load: starting the test host with a %d MB gateway heap\n", o.GatewayHeapMB)
	h, err := startHost(ctx, o.HostBin, o.PluginSO, apiDir, tmp, nil,
		"-static-so", staticSO, "-static-prefix", staticPrefix, "-gateway-heap-mb", fmt.Sprint(o.GatewayHeapMB))
	if err != nil {
		return nil, err
	}
	rep, err := benchRounds(ctx, h, o, progress)
	if err != nil {
		err = fmt.Errorf("%w (test host log: %s)", err, tail(h.log))
	}
	if cerr := h.close(); err == nil && cerr != nil {
		err = fmt.Errorf("stopping the test host: %w", cerr)
	}
	return rep, err
}

func benchRounds(ctx context.Context, h *hostTarget, o BenchOptions, progress io.Writer) (*BenchReport, error) {
	client := newClient(o.Clients, o.RequestTimeout)
	defer client.CloseIdleConnections()
	rq := requests[Representative]
	static := rq
	static.path = staticPrefix + rq.path
	targets := map[string]phase{
		BenchTykVE:  {name: BenchTykVE, streams: []stream{{Representative, o.Clients, rq}}},
		BenchStatic: {name: BenchStatic, streams: []stream{{Representative, o.Clients, static}}},
	}
	a, err := answer(ctx, client, h.base(), rq)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", BenchTykVE, err)
	}
	b, err := answer(ctx, client, h.base(), static)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", BenchStatic, err)
	}
	if !bytes.Equal(a, b) {
		return nil, fmt.Errorf("the static plugin's answer differs from tyk-ve's; update testdata/host/cmd/staticplugin/answer.json:\ntyk-ve: %s\nstatic: %s", a, b)
	}
	if o.Warmup > 0 {
		for _, t := range []string{BenchTykVE, BenchStatic} {
			drive(ctx, client, h.base(), targets[t], o.Warmup)
		}
	}
	rep := &BenchReport{Options: o}
	live, err := h.heap("gc=1&reset=1")
	if err != nil {
		return nil, err
	}
	rep.HeapLive = live.Now
	h.rssOK = resetRSSPeak(h.cmd.Process.Pid) == nil
	all := map[string][]round{}
	for i := 0; i < o.Rounds; i++ {
		order := []string{BenchTykVE, BenchStatic}
		if i%2 == 1 {
			order[0], order[1] = order[1], order[0]
		}
		r := BenchRound{First: order[0]}
		for _, t := range order {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			start, samples := drive(ctx, client, h.base(), targets[t], o.Round)
			all[t] = append(all[t], round{start, samples[0]})
			st := summarise(Representative, start, samples[0])
			if t == BenchTykVE {
				r.TykVE = st
			} else {
				r.Static = st
			}
		}
		fmt.Fprintf(progress, "plugin load: round %d/%d: tyk-ve %.0f req/s, static %.0f req/s (%.0f %%)\n",
			i+1, o.Rounds, r.TykVE.Throughput(), r.Static.Throughput(), 100*r.Ratio())
		rep.Rounds = append(rep.Rounds, r)
	}
	rep.TykVE = summariseRounds(Representative, all[BenchTykVE])
	rep.Static = summariseRounds(Representative, all[BenchStatic])
	heap, rss, err := h.peaks()
	rep.HeapPeak, rep.RSSPeak = heap, rss
	return rep, err
}

// answer sends req once and returns the body of its 200 answer.
func answer(ctx context.Context, client *http.Client, base string, rq request) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, rq.method, base+rq.path, bytes.NewReader(rq.body))
	if err != nil {
		return nil, err
	}
	for k, v := range rq.header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("probe request: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("probe request: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("probe request: status %d: %s", resp.StatusCode, b)
	}
	return b, nil
}

// Markdown writes the rounds and the summary.
func (r *BenchReport) Markdown(w io.Writer) {
	o := r.Options
	fmt.Fprintf(w, "Plugin load benchmark (issue 12): the representative endpoint through the test host, %d keep-alive clients, %d interleaved rounds of %s per target, host with a %d MB gateway-like heap (Go heap %s live after warm-up, peak %s; RSS peak %s).\n\n",
		o.Clients, o.Rounds, o.Round, o.GatewayHeapMB, mib(r.HeapLive), mib(r.HeapPeak), mib(uint64(r.RSSPeak)))
	fmt.Fprintln(w, "| round | first | tyk-ve req/s | static plugin req/s | tyk-ve / static |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for i, x := range r.Rounds {
		fmt.Fprintf(w, "| %d | %s | %.0f | %.0f | %.0f %% |\n", i+1, x.First, x.TykVE.Throughput(), x.Static.Throughput(), 100*x.Ratio())
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| target | responses | req/s | p50 | p99 | mean | statuses |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, t := range []struct {
		name string
		s    EndpointStats
	}{{BenchTykVE, r.TykVE}, {BenchStatic, r.Static}} {
		fmt.Fprintf(w, "| %s | %d | %.0f | %s | %s | %s | %s |\n", t.name, t.s.Count, t.s.Throughput(), dur(t.s.P50), dur(t.s.P99), dur(t.s.Mean), statuses(t.s))
	}
	p99 := ratio(float64(r.TykVE.P99), float64(r.Static.P99))
	fmt.Fprintf(w, "\ntyk-ve / static plugin: **%.0f %%** of the throughput over all rounds (median of rounds %.0f %%; static / tyk-ve %.2f×); p99 %.2f× the static plugin's.\n",
		100*r.Ratio(), 100*r.MedianRoundRatio(), ratio(1, r.Ratio()), p99)
	for _, t := range []struct {
		name string
		s    EndpointStats
	}{{BenchTykVE, r.TykVE}, {BenchStatic, r.Static}} {
		if !t.s.Only(http.StatusOK, "") {
			fmt.Fprintf(w, "\nWARNING: %s did not answer only 200: %s.\n", t.name, statuses(t.s))
		}
	}
}

// OK reports whether both targets answered only 200s.
func (r *BenchReport) OK() bool {
	return r.TykVE.Only(http.StatusOK, "") && r.Static.Only(http.StatusOK, "")
}
