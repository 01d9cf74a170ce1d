package storage_test

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/vm"
)

// Through vm's pool, as an endpoint sees storage: the globals are there on
// every runtime, reassigning one does not leak into the next call, the
// store's wait counts as I/O, and a Redis that never answers ends the call
// by its deadline.

func newPool(t *testing.T, b *kvstore.Bucket, src string) *vm.Pool {
	t.Helper()
	l := logrus.New()
	l.SetOutput(io.Discard)
	cfg := vm.NewPoolConfig("storage-api", []vm.Script{{Name: "storage.js", Source: src}}, logrus.NewEntry(l))
	cfg.Host = &vm.Host{Storage: b}
	p, err := vm.NewPool(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

func callPool(t *testing.T, p *vm.Pool, fn string, timeout time.Duration) (*vm.Response, *vm.Call, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cfg, err := vm.NewConfigObject("storage-api", "org", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	c := &vm.Call{Function: fn, Request: &vm.Request{Headers: map[string][]string{}, Params: map[string][]string{}, URL: "/", Scheme: "http"},
		Session: []byte("{}"), Config: cfg}
	resp, err := p.Call(ctx, c)
	return resp, c, err
}

const poolJS = `
function count() {
	var n = TykStorageIncr("hits", 60);
	return TykJsResponse({Body: n, Code: 200}, null);
}
function clobber() {
	TykStorageGet = function () { return "clobbered" };
	return TykJsResponse({Body: TykStorageGet("x"), Code: 200}, null);
}
function read() {
	var v = TykStorageGet("x");
	return TykJsResponse({Body: String(v), Code: 200}, null);
}
function guarded() {
	try {
		TykStorageGet("x");
		return TykJsResponse({Body: "no error", Code: 200}, null);
	} catch (e) {
		return TykJsResponse({Body: "caught", Code: 503}, null);
	}
}`

func TestThroughPool(t *testing.T) {
	store := kvstore.NewMemory(kvstore.MemoryOptions{})
	b, _ := kvstore.NewBucket(store, kvstore.BucketOptions{Namespace: "pool"})
	p := newPool(t, b, poolJS)
	for i := 1; i <= 3; i++ {
		resp, _, err := callPool(t, p, "count", 2*time.Second)
		if err != nil || string(resp.Body) != strconv.Itoa(i) {
			t.Fatalf("call %d: %v %v", i, resp, err)
		}
	}
	if resp, _, _ := callPool(t, p, "clobber", 2*time.Second); string(resp.Body) != "clobbered" {
		t.Fatalf("clobber: %s", resp.Body)
	}
	_ = b.Set(context.Background(), "x", "real", 0)
	for i := 0; i < 4; i++ { // every runtime of the pool
		if resp, _, _ := callPool(t, p, "read", 2*time.Second); string(resp.Body) != "real" {
			t.Fatalf("after a call reassigned TykStorageGet: %s", resp.Body)
		}
	}
}

// TestSilentRedisEndsByDeadline: a Redis that accepts connections and never
// answers cannot hold a call past its deadline.
func TestSilentRedisEndsByDeadline(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	defer func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	}()
	addr := l.Addr().(*net.TCPAddr)
	r, err := kvstore.NewRedis(kvstore.RedisConfig{Host: "127.0.0.1", Port: addr.Port, Timeout: 60})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, _ := kvstore.NewBucket(r, kvstore.BucketOptions{Namespace: "silent", OpTimeout: 200 * time.Millisecond})
	p := newPool(t, b, poolJS)
	// The store's own bound (op_timeout) ends the wait first: the script
	// catches the error and answers.
	resp, c, err := callPool(t, p, "guarded", 5*time.Second)
	if err != nil || string(resp.Body) != "caught" {
		t.Fatalf("op_timeout: %v %v", resp, err)
	}
	if c.IOWait < 200*time.Millisecond {
		t.Fatalf("the store's wait is not counted as I/O: %v", c.IOWait)
	}
	// The call's deadline ends the wait first: the call ends then, either
	// interrupted (a timeout) or, when the script's catch runs before the
	// interrupt lands, with its own answer. Never a hang.
	b2, _ := kvstore.NewBucket(r, kvstore.BucketOptions{Namespace: "silent"})
	p2 := newPool(t, b2, poolJS)
	resp, _, err = callPool(t, p2, "guarded", 300*time.Millisecond)
	if !errors.Is(err, vm.ErrTimeout) && (err != nil || string(resp.Body) != "caught") {
		t.Fatalf("call deadline: %v %v", resp, err)
	}
}

// TestTopLevelHasNoStorage: a script's top-level code (run when a runtime
// is made, and replayed between calls in state isolated) gets the error,
// a call gets the store.
func TestTopLevelHasNoStorage(t *testing.T) {
	b, _ := kvstore.NewBucket(kvstore.NewMemory(kvstore.MemoryOptions{}), kvstore.BucketOptions{Namespace: "top"})
	_ = b.Set(context.Background(), "x", "v", 0)
	p := newPool(t, b, `
var atLoad;
try { atLoad = TykStorageGet("x") } catch (e) { atLoad = "error: " + e.message }
function both() { return TykJsResponse({Body: atLoad + " | " + TykStorageGet("x"), Code: 200}, null) }`)
	for i := 0; i < 3; i++ {
		resp, _, err := callPool(t, p, "both", 2*time.Second)
		want := "error: storage is available only while a request is handled, not at a script's top level | v"
		if err != nil || string(resp.Body) != want {
			t.Fatalf("call %d: %v %v", i, resp, err)
		}
	}
}
