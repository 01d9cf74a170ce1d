package loadscenario

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// stream is one endpoint's share of a phase's load.
type stream struct {
	endpoint string
	clients  int
	request  request
}

// load is a stream of clients of one of the scenario's endpoints.
func load(endpoint string, clients int) stream {
	return stream{endpoint, clients, requests[endpoint]}
}

// phase is one step of the scenario.
type phase struct {
	name, title string
	streams     []stream
}

// phases are the scenario's steps for opts.
func phases(opts Options) []phase {
	rep := load(Representative, opts.RepClients)
	ps := []phase{
		{"alone", "representative alone", []stream{rep}},
		{"slowio", fmt.Sprintf("with /slowio (%s upstream)", opts.SlowDelay), []stream{rep, load(SlowIO, opts.SlowClients)}},
		{"spin", fmt.Sprintf("with /spin (spins to its %s timeout)", opts.SpinTimeout), []stream{rep, load(Spin, opts.SpinClients)}},
	}
	if opts.Alloc {
		ps = append(ps, phase{"alloc", fmt.Sprintf("with /alloc (allocates to its %s timeout)", opts.AllocTimeout),
			[]stream{rep, load(Alloc, opts.AllocClients)}})
	}
	return ps
}

// newClient returns a keep-alive client with a connection per load client.
func newClient(conns int, timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute,
			DisableCompression: true,
		},
	}
}

// drive runs ps's clients against base until d has passed and their last
// requests are answered, and returns the start time and each stream's
// clients' samples, in stream order.
func drive(ctx context.Context, client *http.Client, base string, ps phase, d time.Duration) (time.Time, [][]*sample) {
	start := time.Now()
	deadline := start.Add(d)
	samples := make([][]*sample, len(ps.streams))
	var wg sync.WaitGroup
	for i, st := range ps.streams {
		samples[i] = make([]*sample, st.clients)
		for c := 0; c < st.clients; c++ {
			s := newSample()
			samples[i][c] = s
			wg.Add(1)
			go func(req request) {
				defer wg.Done()
				runClient(ctx, client, base, req, deadline, s)
			}(st.request)
		}
	}
	wg.Wait()
	return start, samples
}

// runClient sends req again and again, one at a time, until deadline,
// recording into s. The request and its body are reused.
func runClient(ctx context.Context, client *http.Client, base string, req request, deadline time.Time, s *sample) {
	body := &resettableBody{}
	r, err := http.NewRequestWithContext(ctx, req.method, base+req.path, nil)
	if err != nil {
		s.transport++
		return
	}
	for k, v := range req.header {
		r.Header[k] = v
	}
	if req.body != nil {
		r.ContentLength = int64(len(req.body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(req.body)), nil }
	}
	buf := make([]byte, 4096)
	for ctx.Err() == nil && time.Now().Before(deadline) {
		if req.body != nil {
			body.Reset(req.body)
			r.Body = body
		}
		t0 := time.Now()
		resp, err := client.Do(r)
		if err != nil {
			s.transport++
			s.last = time.Now()
			continue
		}
		status, msg := readResponse(resp, buf)
		now := time.Now()
		s.latencies = append(s.latencies, now.Sub(t0))
		s.last = now
		s.statuses[status]++
		if status >= 300 {
			s.errors[msg]++
		}
	}
}

// readResponse drains and closes resp's body; for a non-2xx status it
// returns the body's JSON "error" message ("" if it has none).
func readResponse(resp *http.Response, buf []byte) (int, string) {
	defer resp.Body.Close()
	if resp.StatusCode < 300 {
		for {
			if _, err := resp.Body.Read(buf); err != nil {
				return resp.StatusCode, ""
			}
		}
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_, _ = io.Copy(io.Discard, resp.Body)
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(b, &e) != nil {
		return resp.StatusCode, ""
	}
	return resp.StatusCode, e.Error
}
