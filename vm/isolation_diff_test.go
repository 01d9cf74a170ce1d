package vm

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/vm/isolation"
)

// The differential isolation test: in state: isolated, call N on a runtime
// that served calls 1…N-1 must answer exactly what call N answers on a new
// runtime that served nothing, with the scripts compiled as written (a
// runtime of a state: shared pool: isolated pools may compile top-level
// let/const/class as var to replay them, and that must not show either). Scripts come from testdata/isolation/*.js (each defines
// handler(request, session, config) and observes whatever state a previous
// call could have left) and from a generator that composes fragments.

// diffCalls is how many calls each script gets on one reused runtime.
const diffCalls = 6

// diffOutcome is what a call produced, in comparable form.
type diffOutcome struct {
	resp     *Response
	category string
	message  string
}

func (o diffOutcome) String() string {
	if o.category != "" {
		return o.category + ": " + o.message
	}
	return fmt.Sprintf("%d %q headers=%v meta=%v", o.resp.Code, o.resp.Body, o.resp.Headers, o.resp.SessionMeta)
}

func outcome(resp *Response, err error) diffOutcome {
	if err == nil {
		return diffOutcome{resp: resp}
	}
	category := "other"
	for _, c := range []struct {
		name string
		err  error
	}{{"script", ErrScript}, {"timeout", ErrTimeout}, {"invalid result", ErrInvalidResult},
		{"function not found", ErrFunctionNotFound}, {"stack overflow", ErrStackOverflow}} {
		if errors.Is(err, c.err) {
			category = c.name
			break
		}
	}
	var le *LoadError
	if errors.As(err, &le) {
		category = "load: " + category
	}
	return diffOutcome{category: category, message: err.Error()}
}

// diffRequest is the request of call i: URL, body, header and parameter
// vary, and some bodies are property names that reach prototypes.
func diffRequest(i int) *Request {
	bodies := []string{"x", "__proto__", "constructor", "toString", `{"__proto__":{"polluted":"yes"}}`, "push", "y"}
	params := map[string][]string{"n": {strconv.Itoa(i)}}
	if i%2 == 1 { // query keys that name prototype properties
		params["constructor"], params["__proto__"], params["toString"] = []string{"c"}, []string{"p"}, []string{"t"}
	}
	return &Request{
		Headers: map[string][]string{"X-Call": {strconv.Itoa(i)}, "Content-Type": {"text/plain"}, "Constructor": {"h"}},
		Body:    []byte(bodies[i%len(bodies)]),
		URL:     "/iso/" + strconv.Itoa(i) + "?n=" + strconv.Itoa(i),
		Params:  params,
		Scheme:  "http",
	}
}

func diffCall(tb testing.TB, i int) *Call {
	cfg, err := NewConfigObject("api-iso", "org-iso", map[string]interface{}{"k": "v", "list": []interface{}{1.0, 2.0},
		"constructor": map[string]interface{}{"n": 1.0}, "__proto__": map[string]interface{}{"p": true}}, true)
	if err != nil {
		tb.Fatal(err)
	}
	return &Call{Function: "handler", Request: diffRequest(i),
		Session: []byte(`{"meta_data":{"calls":` + strconv.Itoa(i) + `,"constructor":{"m":1},"__proto__":{"q":2}}}`), Config: cfg}
}

// errNotLoaded: the script does not load (it fails alike everywhere).
var errNotLoaded = errors.New("the script does not load")

// diffIsolation runs src for calls on one reused runtime and on a new
// runtime per call, and reports the first difference.
func diffIsolation(tb testing.TB, src string, calls int) error {
	tb.Helper()
	p, err := NewPool(diffPoolConfig(src))
	if err != nil {
		return errNotLoaded
	}
	defer p.Close()
	refCfg := diffPoolConfig(src)
	refCfg.State = StateShared
	ref, err := NewPool(refCfg)
	if err != nil {
		return fmt.Errorf("the script loads in isolated mode but not as written: %v", err)
	}
	defer ref.Close()
	for i := 0; i < calls; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		got := outcome(p.Call(ctx, diffCall(tb, i)))
		want := diffOutcome{}
		fresh, err := newRuntime(ref)
		if err != nil {
			want = outcome(nil, err)
		} else {
			want = outcome(fresh.Call(ctx, diffCall(tb, i)))
		}
		cancel()
		if got.category != want.category || got.message != want.message ||
			(got.resp != nil) != (want.resp != nil) || (got.resp != nil && !reflect.DeepEqual(*got.resp, *want.resp)) {
			return fmt.Errorf("call %d (reset: %s)\n  reused runtime: %s\n  new runtime:    %s",
				i+1, p.globals.plan.Mode, got, want)
		}
	}
	return nil
}

func diffPoolConfig(src string) PoolConfig {
	cfg := NewPoolConfig("iso", []Script{{Name: "iso.js", Source: src}}, testLogger())
	cfg.State, cfg.MaxRuntimes, cfg.Prewarm = StateIsolated, 1, 1
	cfg.AcquireTimeout = 2 * time.Second
	cfg.Limits.MaxStackDepth = 200
	return cfg
}

// TestIsolationCorpus: every hand-written script answers on a reused
// runtime what it answers on a new one, call after call.
func TestIsolationCorpus(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/isolation/*.js")
	if err != nil || len(files) < 30 {
		t.Fatalf("corpus: %d files, %v", len(files), err)
	}
	for _, f := range files {
		f := f
		t.Run(strings.TrimSuffix(filepath.Base(f), ".js"), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := diffIsolation(t, string(src), diffCalls); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestIsolationGenerated: scripts composed from fragments (see
// isolation_gen_test.go), a bounded number under go test.
func TestIsolationGenerated(t *testing.T) {
	t.Parallel()
	n := 150
	if testing.Short() {
		n = 30
	}
	loaded := 0
	modes := map[isolation.Mode]int{}
	for seed := 0; seed < n; seed++ {
		src := generateIsolationScript(uint64(seed)*0x9e3779b97f4a7c15 + 1)
		err := diffIsolation(t, src, 5)
		if errors.Is(err, errNotLoaded) {
			continue
		}
		if err != nil {
			t.Fatalf("seed %d: %v\nscript:\n%s", seed, err, src)
		}
		loaded++
		p, _ := compileScript(Script{Name: "iso.js", Source: src}, StateIsolated)
		modes[p.plan.Mode]++
	}
	// The generator must exercise every way of resetting, on scripts that
	// load.
	if loaded < n*8/10 || modes[isolation.Restore] < n/10 || modes[isolation.Replay] < n/10 || modes[isolation.Fresh] < n/10 {
		t.Fatalf("%d of %d generated scripts loaded; resets %v", loaded, n, modes)
	}
}

// FuzzIsolation: any composition of fragments answers on a reused runtime
// what it answers on a new one, for five calls.
func FuzzIsolation(f *testing.F) {
	for _, s := range []uint64{1, 2, 3, 42, 1 << 40, 0xdeadbeef} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		src := generateIsolationScript(seed)
		if err := diffIsolation(t, src, 5); err != nil && !errors.Is(err, errNotLoaded) {
			t.Fatalf("%v\nscript:\n%s", err, src)
		}
	})
}

// BenchmarkIsolationReset measures what each way of resetting an isolated
// runtime costs over the floor (the same function on a warm runtime with
// prebuilt arguments), paired as in BenchmarkOverhead: the representative
// endpoint as is (restored), with an object at its top level (replayed), and
// with a sloppy `this` somewhere (a new runtime after every call).
func BenchmarkIsolationReset(b *testing.B) {
	base := loadFixture(b, "representative.js", "representative")
	for _, v := range []struct{ name, extra string }{
		{"restore", ""},
		{"replay", "var cache = {};\n"},
		{"new-runtime", "function self() { return this }\n"},
	} {
		f := base
		f.script.Source = v.extra + base.script.Source
		b.Run(v.name, func(b *testing.B) {
			pool := benchPool(b, f, StateIsolated, 1)
			if got := pool.globals.plan.Mode.String(); got != strings.ReplaceAll(v.name, "-", " ") {
				b.Fatalf("reset mode %q, want %q", got, v.name)
			}
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
