package loadscenario

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Run starts the slow upstream, writes the scenario API, and runs the
// phases on each target in turn. progress (may be nil) gets a line per
// phase. A target that cannot start is reported in its TargetResult; the
// error is for a run that cannot start at all.
func Run(ctx context.Context, opts Options, progress io.Writer) (*Report, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("load scenario options: %w", err)
	}
	if progress == nil {
		progress = io.Discard
	}
	tmp, err := os.MkdirTemp("", "tyk-ve-load-")
	if err != nil {
		return nil, fmt.Errorf("load scenario: %w", err)
	}
	defer os.RemoveAll(tmp)
	apiDir := filepath.Join(tmp, "apps")
	if err := os.Mkdir(apiDir, 0o700); err != nil {
		return nil, fmt.Errorf("load scenario: %w", err)
	}
	up, err := startSlowUpstream(opts.SlowDelay)
	if err != nil {
		return nil, err
	}
	defer up.close()
	if err := writeDefinition(apiDir, up.url, opts); err != nil {
		return nil, err
	}

	rep := &Report{Options: opts, Procs: runtime.GOMAXPROCS(0)}
	if !opts.SkipDev {
		res := TargetResult{Name: TargetDev}
		restore := setenv(EnvHeapLimit, opts.HeapLimit)
		t, err := startDev(apiDir)
		if err != nil {
			res.Err = err.Error()
		} else {
			res.Phases, err = runPhases(ctx, t, TargetDev, opts, progress)
			if cerr := t.close(); err == nil && cerr != nil {
				err = cerr
			}
			if err != nil {
				res.Err = err.Error()
			}
		}
		restore()
		rep.Targets = append(rep.Targets, res)
	}
	if opts.PluginSO != "" {
		res := TargetResult{Name: TargetPlugin}
		var env []string
		if opts.HeapLimit != "" {
			env = append(env, EnvHeapLimit+"="+opts.HeapLimit)
		}
		fmt.Fprintf(progress, "%s: starting %s\n", TargetPlugin, opts.HostBin)
		t, err := startHost(ctx, opts.HostBin, opts.PluginSO, apiDir, tmp, env)
		if err != nil {
			res.Err = err.Error()
		} else {
			res.Phases, err = runPhases(ctx, t, TargetPlugin, opts, progress)
			if err != nil {
				err = fmt.Errorf("%w (test host log: %s)", err, tail(t.log))
			}
			if cerr := t.close(); err == nil && cerr != nil {
				err = fmt.Errorf("stopping the test host: %w", cerr)
			}
			if err != nil {
				res.Err = err.Error()
			}
		}
		rep.Targets = append(rep.Targets, res)
	}
	return rep, nil
}

// runPhases warms the target up and runs every phase on it, opts.Rounds
// times in turn (alone, slowio, spin, alloc, alone, …); each phase's figures
// merge its rounds, so a slow spell of the machine weighs on every phase
// alike.
func runPhases(ctx context.Context, t target, name string, opts Options, progress io.Writer) ([]PhaseResult, error) {
	ps := phases(opts)
	conns := 0
	for _, p := range ps {
		n := 0
		for _, s := range p.streams {
			n += s.clients
		}
		if n > conns {
			conns = n
		}
	}
	client := newClient(conns, opts.RequestTimeout)
	defer client.CloseIdleConnections()
	if err := probe(ctx, client, t.base()); err != nil {
		return nil, err
	}
	if opts.Warmup > 0 {
		drive(ctx, client, t.base(), ps[0], opts.Warmup)
	}
	// rounds[i][j] are phase i's rounds of its stream j.
	rounds := make([][][]round, len(ps))
	out := make([]PhaseResult, len(ps))
	for i, p := range ps {
		rounds[i] = make([][]round, len(p.streams))
		out[i] = PhaseResult{Name: p.name, Title: p.title}
	}
	for r := 0; r < opts.Rounds; r++ {
		for i, p := range ps {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			fmt.Fprintf(progress, "%s: round %d/%d: %s (%s)\n", name, r+1, opts.Rounds, p.title, opts.Phase)
			if err := t.resetPeaks(); err != nil {
				return nil, err
			}
			start, samples := drive(ctx, client, t.base(), p, opts.Phase)
			for j := range p.streams {
				rounds[i][j] = append(rounds[i][j], round{start, samples[j]})
			}
			heap, rss, err := t.peaks()
			if err != nil {
				return nil, err
			}
			if heap > out[i].HeapPeak {
				out[i].HeapPeak = heap
			}
			if rss > out[i].RSSPeak {
				out[i].RSSPeak = rss
			}
		}
	}
	for i, p := range ps {
		for j, st := range p.streams {
			out[i].Endpoints = append(out[i].Endpoints, summariseRounds(st.endpoint, rounds[i][j]))
		}
	}
	return out, nil
}

// probe sends one representative request and requires a 200, so a broken
// setup fails with its answer rather than with a table of errors.
func probe(ctx context.Context, client *http.Client, base string) error {
	r := requests[Representative]
	req, err := http.NewRequestWithContext(ctx, r.method, base+r.path, strings.NewReader(string(r.body)))
	if err != nil {
		return err
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("probe request: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("probe request: status %d: %s", resp.StatusCode, b)
	}
	return nil
}

// setenv sets key to v for the dev server target (nothing when v is empty)
// and returns the function that restores it.
func setenv(key, v string) func() {
	if v == "" {
		return func() {}
	}
	old, had := os.LookupEnv(key)
	_ = os.Setenv(key, v)
	return func() {
		if had {
			_ = os.Setenv(key, old)
		} else {
			_ = os.Unsetenv(key)
		}
	}
}
