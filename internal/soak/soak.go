package soak

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/devserver"
	"github.com/tyk-ve/tyk-ve/outbound"
	"github.com/tyk-ve/tyk-ve/plugin"
	"github.com/tyk-ve/tyk-ve/vm"
)

// Options bound a soak run: it stops after N requests or Duration,
// whichever comes first.
type Options struct {
	N           int
	Concurrency int
	Duration    time.Duration
}

// Validate names the offending field.
func (o Options) Validate() error {
	var errs []error
	if o.N < 1 {
		errs = append(errs, errors.New("n: must be >= 1"))
	}
	if o.Concurrency < 1 || o.Concurrency > 1024 {
		errs = append(errs, errors.New("concurrency: must be between 1 and 1024"))
	}
	if o.Duration <= 0 {
		errs = append(errs, errors.New("duration: must be > 0"))
	}
	return errors.Join(errs...)
}

// kind is one request type of the mix.
type kind struct {
	name, method, path, body string
	want                     int
}

// mix is applied per 100 requests: 90 normal, 4 erroring, 1 timing out, 5
// passed through to the upstream.
var kinds = []kind{
	{"normal", "POST", "/soak/order?region=eu-west", `{"order":"o-1","customer":"c-1","prefix":"SKU","qty":3,"express":true}`, 200},
	{"error", "GET", "/soak/fail", "", 500},
	{"timeout", "GET", "/soak/spin", "", 500},
	{"pass-through", "GET", "/soak/upstream?x=1", "", 200},
}

func kindOf(i int) int {
	switch m := i % 100; {
	case m < 90:
		return 0
	case m < 94:
		return 1
	case m < 95:
		return 2
	}
	return 3
}

// Report is the outcome of a run.
type Report struct {
	Options    Options
	Requests   int
	Elapsed    time.Duration
	Kinds      map[string]Latencies
	Unexpected int // responses whose status was not the kind's expected one
	Failed     int // transport errors
	Start, End Snapshot
	Procs      int      // GOMAXPROCS
	Pool       vm.Stats // the API's pool when the load ended
	// PoolAfterClose is the same pool after shutdown: nothing live.
	PoolAfterClose vm.Stats
}

// Run starts an upstream and the dev server on loopback and drives the load.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("soak options: %w", err)
	}
	start := snapshot()
	upstream, err := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write([]byte(`{"upstream":true}`))
	}))
	if err != nil {
		return nil, err
	}
	defer upstream.close()
	dir, err := os.MkdirTemp("", "tyk-ve-soak-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := writeAPI(dir, upstream.url); err != nil {
		return nil, err
	}
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	srv, err := devserver.New(devserver.Options{AppsDir: dir, Logger: logger}, "http://127.0.0.1")
	if err != nil {
		return nil, err
	}
	gw, err := serve(srv)
	if err != nil {
		_ = srv.Close()
		return nil, err
	}
	rep := &Report{Options: opts, Start: start, Procs: runtime.GOMAXPROCS(0)}
	drive(ctx, gw.url, opts, rep)
	apis := srv.Handler().Registry().APIs()
	for _, api := range apis {
		rep.Pool = quiescent(api)
	}
	// Shut everything down, then look for what was left behind.
	gw.close()
	upstream.close()
	_ = srv.Close()
	outbound.CloseIdleConnections()
	for _, api := range apis {
		rep.PoolAfterClose = api.Stats()
	}
	rep.End = settle(start.Goroutines)
	return rep, nil
}

// quiescent returns the API's pool counters once no runtime is in use, or
// after 2s: the requests are all answered, but a runtime that replaced a
// timed-out one may still be being created (the pool counts it in use),
// and a reset may still be running after its call returned.
func quiescent(api *plugin.API) vm.Stats {
	deadline := time.Now().Add(2 * time.Second)
	for {
		s := api.Stats()
		if s.InUse == 0 || time.Now().After(deadline) {
			return s
		}
		time.Sleep(time.Millisecond)
	}
}

// settle waits (up to 2s) for goroutines of closed connections to exit and
// takes the end snapshot.
func settle(baseline int) Snapshot {
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		if s := snapshot(); s.Goroutines <= baseline {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	return snapshot()
}

// drive sends the requests from opts.Concurrency workers.
func drive(ctx context.Context, base string, opts Options, rep *Report) {
	ctx, cancel := context.WithTimeout(ctx, opts.Duration)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: opts.Concurrency, MaxConnsPerHost: opts.Concurrency}}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	var mu sync.Mutex
	lat := make([][]time.Duration, len(kinds))
	statuses := make([]map[int]int, len(kinds))
	for i := range statuses {
		statuses[i] = map[int]int{}
	}
	var unexpected, failed atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < opts.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([][]time.Duration, len(kinds))
			localStatus := make([]map[int]int, len(kinds))
			for i := range localStatus {
				localStatus[i] = map[int]int{}
			}
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= opts.N {
					break
				}
				k := kindOf(i)
				status, d, err := do(ctx, client, base, kinds[k])
				switch {
				case err != nil:
					if ctx.Err() == nil {
						failed.Add(1)
					}
					continue
				case status != kinds[k].want:
					unexpected.Add(1)
				}
				local[k] = append(local[k], d)
				localStatus[k][status]++
			}
			mu.Lock()
			for k := range kinds {
				lat[k] = append(lat[k], local[k]...)
				for s, n := range localStatus[k] {
					statuses[k][s] += n
				}
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	rep.Elapsed = time.Since(start)
	rep.Kinds = map[string]Latencies{}
	for k, kd := range kinds {
		rep.Kinds[kd.name] = summarise(lat[k], statuses[k])
		rep.Requests += len(lat[k])
	}
	rep.Unexpected, rep.Failed = int(unexpected.Load()), int(failed.Load())
}

func do(ctx context.Context, client *http.Client, base string, k kind) (int, time.Duration, error) {
	var body io.Reader
	if k.body != "" {
		body = strings.NewReader(k.body)
	}
	req, err := http.NewRequestWithContext(ctx, k.method, base+k.path, body)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("X-Trace-Id", "soak")
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, time.Since(start), nil
}

// server is an http.Server on a loopback port.
type server struct {
	url   string
	srv   *http.Server
	close func()
}

func serve(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.Serve(ln) }()
	return &server{url: "http://" + ln.Addr().String(), srv: s, close: func() { _ = s.Close() }}, nil
}
