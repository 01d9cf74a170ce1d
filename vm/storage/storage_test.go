package storage

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/kvstore/redistest"
)

var runID = strconv.FormatInt(time.Now().UnixNano(), 36)

// backends are the stores every script runs on: the results must be equal.
func backends() []struct {
	name string
	make func(t *testing.T) kvstore.Store
} {
	return []struct {
		name string
		make func(t *testing.T) kvstore.Store
	}{
		{"memory", func(t *testing.T) kvstore.Store { return kvstore.NewMemory(kvstore.MemoryOptions{}) }},
		{"redis", func(t *testing.T) kvstore.Store {
			addr := redistest.Start(t)
			host, port, _ := net.SplitHostPort(addr)
			p, _ := strconv.Atoi(port)
			r, err := kvstore.NewRedis(kvstore.RedisConfig{Host: host, Port: p})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = r.Close() })
			return r
		}},
	}
}

// newRuntime returns a runtime with the storage globals over b and, as
// the global KV, the Workers-style object.
func newRuntime(t *testing.T, b *kvstore.Bucket, ctx context.Context) *goja.Runtime {
	t.Helper()
	rt := goja.New()
	env := &Env{Bucket: func() *kvstore.Bucket { return b }, Context: func() context.Context { return ctx }}
	if err := Install(rt, env); err != nil {
		t.Fatal(err)
	}
	if err := rt.Set("KV", NewKV(rt, env)); err != nil {
		t.Fatal(err)
	}
	return rt
}

func bucket(t *testing.T, s kvstore.Store, name string) *kvstore.Bucket {
	t.Helper()
	b, err := kvstore.NewBucket(s, kvstore.BucketOptions{Namespace: runID + "-" + name})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runScript loads testdata/file and returns what its run() answers (awaited
// when it is a promise).
func runScript(t *testing.T, rt *goja.Runtime, file string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := goja.Compile(file, string(src), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rt.RunProgram(prog); err != nil {
		t.Fatal(err)
	}
	run, _ := goja.AssertFunction(rt.Get("run"))
	v, err := run(goja.Undefined(), rt.Get("KV"))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if p, ok := v.Export().(*goja.Promise); ok {
		if p.State() != goja.PromiseStateFulfilled {
			t.Fatalf("%s: promise %v: %v", file, p.State(), p.Result())
		}
		return p.Result().String()
	}
	return v.String()
}

// TestMasterScripts runs master-style scripts unchanged on both stores.
func TestMasterScripts(t *testing.T) {
	notInt := kvstore.ErrNotInteger.Error()
	tests := []struct{ file, want string }{
		{"ratelimit.js", "ok,ok,ok,429,429,ok,ok,ttl-set,string"},
		{"idempotency.js", "200,409,200,400,boolean"},
		{"cache.js", "null|Ada/pro|ttl-ok|-1|-2|deleted|42|42|error:" + notInt},
		{"kv.js", "null|hello|hello|true|true|user:1 user:2 complete=false|user:3 complete=true|null|-1|" +
			"TypeError|TypeError|TypeError|TypeError|TypeError|TypeError|GoError|SyntaxError"},
	}
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			s := be.make(t)
			for _, tc := range tests {
				t.Run(tc.file, func(t *testing.T) {
					rt := newRuntime(t, bucket(t, s, tc.file), context.Background())
					if got := runScript(t, rt, tc.file); got != tc.want {
						t.Fatalf("got  %s\nwant %s", got, tc.want)
					}
				})
			}
		})
	}
}

// TestTypesAndCoercions holds master's return types and argument
// conversions.
func TestTypesAndCoercions(t *testing.T) {
	rt := newRuntime(t, bucket(t, kvstore.NewMemory(kvstore.MemoryOptions{}), "types"), context.Background())
	tests := []struct{ js, want string }{
		{`typeof TykStorageGet("nope") + ":" + (TykStorageGet("nope") === null)`, "object:true"},
		{`typeof TykStorageSet("a", "v", 0)`, "undefined"},
		{`typeof TykStorageSetNX("b", "v", 0)`, "boolean"},
		{`typeof TykStorageDel("b")`, "undefined"},
		{`typeof TykStorageTTL("a")`, "number"},
		{`typeof TykStorageIncr("c")`, "string"},
		{`TykStorageSet(undefined, "u"); TykStorageGet("undefined")`, "u"},
		{`TykStorageSet("num", 5); typeof TykStorageGet("num") + TykStorageGet("num")`, "string5"},
		{`TykStorageSet("obj", {a: 1}); TykStorageGet("obj")`, "[object Object]"},
		{`TykStorageSet("t", "v", "30"); TykStorageTTL("t")`, "30"},
		{`TykStorageSet("f", "v", 30.9); TykStorageTTL("f")`, "30"},
		{`TykStorageSet("nan", "v", NaN); TykStorageTTL("nan")`, "-1"},
		{`TykStorageSet("neg", "v", -5); TykStorageTTL("neg")`, "-1"},
		{`try { TykStorageSetNX("negnx", "v", -5) } catch (e) { e.message }`, kvstore.ErrInvalidExpire.Error()},
		{`try { TykStorageGet("") } catch (e) { e.name + ": " + e.message }`, "GoError: storage key must be 1-256 bytes"},
		{`try { TykStorageSet("big", "x".repeat(1048577)) } catch (e) { e.message }`, "storage value exceeds 1048576 bytes"},
		{`TykStorageSet("k9", "9007199254740993"); TykStorageIncr("k9")`, "9007199254740994"},
	}
	for _, tc := range tests {
		t.Run(tc.js, func(t *testing.T) {
			v, err := rt.RunString(tc.js)
			if err != nil {
				t.Fatal(err)
			}
			if v.String() != tc.want {
				t.Fatalf("got %q, want %q", v.String(), tc.want)
			}
		})
	}
}

// TestUnavailable: without a bucket, or at a script's top level, each
// function throws an Error the script can catch.
func TestUnavailable(t *testing.T) {
	rt := goja.New()
	inCall := true
	env := &Env{InCall: func() bool { return inCall }}
	_ = Install(rt, env)
	_ = rt.Set("KV", NewKV(rt, env))
	for _, name := range Globals {
		v, err := rt.RunString(`try { ` + name + `("k", "v", 1); "no error" } catch (e) { e instanceof Error ? e.message : "not an Error" }`)
		if err != nil || v.String() != kvstore.ErrUnavailable.Error() {
			t.Errorf("%s: %v %v", name, v, err)
		}
	}
	if _, err := rt.RunString(`var r; KV.get("k").catch(function (e) { r = e.message })`); err != nil {
		t.Fatal(err)
	}
	if got := rt.Get("r").String(); got != kvstore.ErrUnavailable.Error() {
		t.Errorf("KV.get rejection = %q", got)
	}
	inCall = false
	v, err := rt.RunString(`try { TykStorageGet("k") } catch (e) { e.message }`)
	if err != nil || !strings.Contains(v.String(), "top level") {
		t.Errorf("at load: %v %v", v, err)
	}
}

// TestRedisDownThrows: a Redis that is down is an exception the script
// catches, within the call's deadline.
func TestRedisDownThrows(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().(*net.TCPAddr)
	l.Close()
	r, err := kvstore.NewRedis(kvstore.RedisConfig{Host: "127.0.0.1", Port: addr.Port})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	rt := newRuntime(t, bucket(t, r, "down"), ctx)
	v, err := rt.RunString(`var out = [];
		for (const f of [() => TykStorageGet("k"), () => TykStorageSet("k", "v", 0), () => TykStorageIncr("k", 1),
		                 () => TykStorageSetNX("k", "v", 1), () => TykStorageTTL("k"), () => TykStorageDel("k")]) {
			try { f(); out.push("no error") } catch (e) { out.push(e instanceof Error ? "caught" : "odd") }
		}
		out.join(",")`)
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != "caught,caught,caught,caught,caught,caught" {
		t.Fatalf("got %s", v)
	}
	p, err := rt.RunString(`KV.get("k")`)
	if err != nil {
		t.Fatal(err)
	}
	if pr := p.Export().(*goja.Promise); pr.State() != goja.PromiseStateRejected {
		t.Fatalf("KV.get on a Redis that is down: %v", pr.State())
	}
}
