package vm

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// benchFixture is the representative call of issue 5(a): its script, its
// request and the prepared config object.
type benchFixture struct {
	script   Script
	function string
	request  *Request
	session  []byte
	config   *ConfigObject
}

func loadFixture(tb testing.TB, file, fn string) benchFixture {
	tb.Helper()
	src, err := os.ReadFile("testdata/" + file)
	if err != nil {
		tb.Fatal(err)
	}
	cfg, err := NewConfigObject("api-bench", "org-bench", map[string]interface{}{"currency": "EUR", "tier": "gold"}, true)
	if err != nil {
		tb.Fatal(err)
	}
	return benchFixture{
		script:   Script{Name: file, Source: string(src)},
		function: fn,
		request: &Request{
			Headers: map[string][]string{"X-Trace-Id": {"abc-123"}, "Content-Type": {"application/json"}, "Accept": {"*/*"}},
			Body:    []byte(`{"order":"o-981","customer":"c-17","prefix":"SKU","qty":3,"express":true}`),
			URL:     "/shop/orders?region=eu-west",
			Params:  map[string][]string{"region": {"eu-west"}},
			Scheme:  "http",
		},
		session: []byte(`{"meta_data":{"tier":"gold"},"alias":"bench"}`),
		config:  cfg,
	}
}

func (f benchFixture) call() *Call {
	return &Call{Function: f.function, Request: f.request, Session: f.session, Config: f.config}
}

// floorCall returns (b): the function called directly on a warm runtime of
// its own pool, with arguments built once. The runtime goes back when b
// ends.
func floorCall(b *testing.B, f benchFixture) func() {
	p := benchPool(b, f, StateShared, 1)
	rt, err := p.Acquire(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Release(rt) })
	fn, err := rt.function(f.function)
	if err != nil {
		b.Fatal(err)
	}
	args, err := rt.arguments(f.call())
	if err != nil {
		b.Fatal(err)
	}
	return func() {
		if _, err := fn(goja.Undefined(), args[0], args[1], args[2]); err != nil {
			b.Fatal(err)
		}
	}
}

func benchPool(b *testing.B, f benchFixture, state State, size int) *Pool {
	return newTestPool(b, func(c *PoolConfig) {
		c.Scripts = []Script{f.script}
		c.State, c.MaxRuntimes, c.Prewarm = state, size, size
	})
}

// tykAreas is the API as Tyk installs it: without the recursion guards.
var tykAreas = areasWithout("guards")

// freshRuntimeCall reimplements Tyk master's goja method for comparison: a
// new runtime per request, the API registered and every script replayed into
// it, the arguments spliced into a JavaScript expression as JSON, and the
// result decoded from its string form.
func freshRuntimeCall(f benchFixture, prg *goja.Program) (*Response, error) {
	rt := goja.New()
	env := tykapi.Env{Log: testLogger(), Host: &Host{}, Limits: Limits{}.WithDefaults()}
	if _, err := tykapi.InstallAreas(rt, env, tykAreas); err != nil {
		return nil, err
	}
	if _, err := rt.RunProgram(prg); err != nil {
		return nil, err
	}
	reqJSON, err := json.Marshal(struct {
		Headers map[string][]string
		Body    string
		URL     string
		Params  map[string][]string
		Scheme  string
	}{f.request.Headers, string(f.request.Body), f.request.URL, f.request.Params, f.request.Scheme})
	if err != nil {
		return nil, err
	}
	expr := fmt.Sprintf("%s(%s, %s, %s);", f.function, reqJSON, f.session, f.config.JSON())
	v, err := rt.RunString(expr)
	if err != nil {
		return nil, err
	}
	return tykapi.DecodeResponse(v.String())
}

// BenchmarkCall compares, in one run, (a)/(c) a call through the pool with a
// fresh runtime per request, and (b) the bare function on a warm runtime with
// prebuilt arguments — the floor the pool's overhead is measured against.
func BenchmarkCall(b *testing.B) {
	for _, fx := range []struct{ file, fn string }{{"representative.js", "representative"}, {"echo.js", "echo"}} {
		f := loadFixture(b, fx.file, fx.fn)
		b.Run(fx.fn+"/fresh-runtime", func(b *testing.B) {
			prg, err := goja.Compile(f.script.Name, f.script.Source, false)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := freshRuntimeCall(f, prg); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, state := range []State{StateIsolated, StateShared} {
			b.Run(fx.fn+"/pool-"+string(state), func(b *testing.B) {
				p := benchPool(b, f, state, 1)
				ctx := context.Background()
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					resp, err := p.Call(ctx, f.call())
					if err != nil {
						b.Fatal(err)
					}
					resp.Release() // as the plugin does once it has answered
				}
			})
		}
		b.Run(fx.fn+"/floor", func(b *testing.B) {
			floor := floorCall(b, f)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				floor()
			}
		})
	}
}

// BenchmarkConcurrency runs the representative call at several concurrency
// levels against several pool sizes (issue 5(d)).
func BenchmarkConcurrency(b *testing.B) {
	f := loadFixture(b, "representative.js", "representative")
	sizes := []int{1, 2}
	if procs := runtime.GOMAXPROCS(0); procs > 2 {
		sizes = append(sizes, procs)
	}
	for _, size := range sizes {
		for _, conc := range []int{1, 2, 16, 64} {
			b.Run(fmt.Sprintf("pool=%d/conc=%d", size, conc), func(b *testing.B) {
				p := benchPool(b, f, StateIsolated, size)
				ctx := context.Background()
				b.ReportAllocs()
				b.ResetTimer()
				var wg sync.WaitGroup
				per := b.N / conc
				extra := b.N % conc
				for g := 0; g < conc; g++ {
					n := per
					if g < extra {
						n++
					}
					wg.Add(1)
					go func(n int) {
						defer wg.Done()
						for i := 0; i < n; i++ {
							if _, err := p.Call(ctx, f.call()); err != nil {
								b.Error(err)
								return
							}
						}
					}(n)
				}
				wg.Wait()
			})
		}
	}
}

// BenchmarkOverhead measures the pool's cost over the floor as one paired
// figure: every iteration makes one call through the pool and one bare call
// on a warm runtime with prebuilt arguments, alternating which goes first,
// and times each, so that drift in a shared machine's speed hits both
// alike. It reports pool-ns/op, floor-ns/op and overhead-ns/op.
func BenchmarkOverhead(b *testing.B) {
	for _, fx := range []struct{ file, fn string }{{"representative.js", "representative"}, {"echo.js", "echo"}} {
		f := loadFixture(b, fx.file, fx.fn)
		for _, state := range []State{StateIsolated, StateShared} {
			b.Run(fx.fn+"/"+string(state), func(b *testing.B) {
				pool := benchPool(b, f, state, 1)
				floor := floorCall(b, f)
				viaPool := func() {
					if _, err := pool.Call(context.Background(), f.call()); err != nil {
						b.Fatal(err)
					}
				}
				benchPaired(b, viaPool, floor)
			})
		}
	}
}

func timed(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

// benchPaired times viaPool and floor once each per iteration, alternating
// which goes first so that drift in a shared machine's speed hits both
// alike, and reports pool-ns/op, floor-ns/op and overhead-ns/op.
func benchPaired(b *testing.B, viaPool, floor func()) {
	var poolTime, floorTime time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			poolTime += timed(viaPool)
			floorTime += timed(floor)
		} else {
			floorTime += timed(floor)
			poolTime += timed(viaPool)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(poolTime.Nanoseconds())/n, "pool-ns/op")
	b.ReportMetric(float64(floorTime.Nanoseconds())/n, "floor-ns/op")
	b.ReportMetric(float64((poolTime-floorTime).Nanoseconds())/n, "overhead-ns/op")
}
