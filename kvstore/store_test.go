package kvstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// storeStep is one operation of a differential case and its printed result.
type storeStep func(ctx context.Context, s Store, p string) string

func get(k string) storeStep {
	return func(ctx context.Context, s Store, p string) string {
		v, ok, err := s.Get(ctx, p+k)
		return fmt.Sprintf("get %s = %q %v %s", k, v, ok, errName(err))
	}
}

func set(k, v string, ttl time.Duration) storeStep {
	return func(ctx context.Context, s Store, p string) string {
		return fmt.Sprintf("set %s %s", k, errName(s.Set(ctx, p+k, v, ttl)))
	}
}

func setnx(k, v string, ttl time.Duration) storeStep {
	return func(ctx context.Context, s Store, p string) string {
		ok, err := s.SetNX(ctx, p+k, v, ttl)
		return fmt.Sprintf("setnx %s = %v %s", k, ok, errName(err))
	}
}

func del(k string) storeStep {
	return func(ctx context.Context, s Store, p string) string {
		return fmt.Sprintf("del %s %s", k, errName(s.Del(ctx, p+k)))
	}
}

func ttl(k string) storeStep {
	return func(ctx context.Context, s Store, p string) string {
		d, err := s.TTL(ctx, p+k)
		return fmt.Sprintf("ttl %s = %v %s", k, d, errName(err))
	}
}

func incr(k string) storeStep {
	return func(ctx context.Context, s Store, p string) string {
		n, err := s.Incr(ctx, p+k)
		return fmt.Sprintf("incr %s = %d %s", k, n, errName(err))
	}
}

func expire(k string, d time.Duration) storeStep {
	return func(ctx context.Context, s Store, p string) string {
		return fmt.Sprintf("expire %s %s", k, errName(s.Expire(ctx, p+k, d)))
	}
}

func keys(prefix string, max int) storeStep {
	return func(ctx context.Context, s Store, p string) string {
		ks, err := s.Keys(ctx, p+prefix, max)
		for i := range ks {
			ks[i] = strings.TrimPrefix(ks[i], p)
		}
		sort.Strings(ks)
		return fmt.Sprintf("keys %s = %q %s", prefix, ks, errName(err))
	}
}

// storeCases is the table both stores run; want is the expected transcript.
var storeCases = []struct {
	name  string
	steps []storeStep
	want  []string
}{
	{"missing", []storeStep{get("a"), ttl("a"), del("a")},
		[]string{`get a = "" false ok`, "ttl a = -2ns ok", "del a ok"}},
	{"set get", []storeStep{set("a", "v", 0), get("a"), ttl("a")},
		[]string{"set a ok", `get a = "v" true ok`, "ttl a = -1ns ok"}},
	{"empty and binary values", []storeStep{set("e", "", 0), get("e"), set("b", "\x00\xff h\u00e9llo \U0001F389", 0), get("b")},
		[]string{"set e ok", `get e = "" true ok`, "set b ok", `get b = "\x00\xff héllo 🎉" true ok`}},
	{"set with ttl", []storeStep{set("a", "v", 30*time.Second), ttl("a")},
		[]string{"set a ok", "ttl a = 30s ok"}},
	{"negative ttl means no expiry", []storeStep{set("a", "v", -5*time.Second), ttl("a")},
		[]string{"set a ok", "ttl a = -1ns ok"}},
	{"set replaces the ttl", []storeStep{set("a", "v", 30*time.Second), set("a", "w", 0), ttl("a"), get("a")},
		[]string{"set a ok", "set a ok", "ttl a = -1ns ok", `get a = "w" true ok`}},
	{"setnx", []storeStep{setnx("a", "1", 0), setnx("a", "2", 0), get("a"), ttl("a")},
		[]string{"setnx a = true ok", "setnx a = false ok", `get a = "1" true ok`, "ttl a = -1ns ok"}},
	{"setnx with ttl", []storeStep{setnx("a", "1", 20*time.Second), ttl("a")},
		[]string{"setnx a = true ok", "ttl a = 20s ok"}},
	{"setnx negative ttl", []storeStep{setnx("a", "1", -3*time.Second), get("a")},
		[]string{"setnx a = false " + ErrInvalidExpire.Error(), `get a = "" false ok`}},
	{"incr", []storeStep{incr("n"), incr("n"), get("n"), ttl("n")},
		[]string{"incr n = 1 ok", "incr n = 2 ok", `get n = "2" true ok`, "ttl n = -1ns ok"}},
	{"incr keeps the ttl", []storeStep{set("n", "41", 30*time.Second), incr("n"), ttl("n")},
		[]string{"set n ok", "incr n = 42 ok", "ttl n = 30s ok"}},
	{"incr negative", []storeStep{set("n", "-5", 0), incr("n")},
		[]string{"set n ok", "incr n = -4 ok"}},
	{"incr not an integer", []storeStep{
		set("a", "abc", 0), incr("a"), set("b", "007", 0), incr("b"), set("c", "+5", 0), incr("c"),
		set("d", " 5", 0), incr("d"), set("e", "", 0), incr("e"), set("f", "-0", 0), incr("f"),
		set("g", "1.5", 0), incr("g"), set("h", "99999999999999999999", 0), incr("h"), get("a"),
	}, []string{
		"set a ok", "incr a = 0 " + ErrNotInteger.Error(), "set b ok", "incr b = 0 " + ErrNotInteger.Error(),
		"set c ok", "incr c = 0 " + ErrNotInteger.Error(), "set d ok", "incr d = 0 " + ErrNotInteger.Error(),
		"set e ok", "incr e = 0 " + ErrNotInteger.Error(), "set f ok", "incr f = 0 " + ErrNotInteger.Error(),
		"set g ok", "incr g = 0 " + ErrNotInteger.Error(), "set h ok", "incr h = 0 " + ErrNotInteger.Error(),
		`get a = "abc" true ok`,
	}},
	{"incr overflow", []storeStep{set("n", strconv.FormatInt(1<<63-1, 10), 0), incr("n"), set("m", "0", 0), incr("m")},
		[]string{"set n ok", "incr n = 0 " + ErrOverflow.Error(), "set m ok", "incr m = 1 ok"}},
	{"expire", []storeStep{expire("gone", 10*time.Second), ttl("gone"), set("a", "v", 0), expire("a", 40*time.Second), ttl("a"), expire("a", 0), get("a")},
		[]string{"expire gone ok", "ttl gone = -2ns ok", "set a ok", "expire a ok", "ttl a = 40s ok", "expire a ok", `get a = "" false ok`}},
	{"del", []storeStep{set("a", "v", 0), del("a"), get("a")},
		[]string{"set a ok", "del a ok", `get a = "" false ok`}},
	{"keys with glob characters", []storeStep{
		set("p*1", "", 0), set("p?2", "", 0), set("p[3]", "", 0), set("px", "", 0), set("p\\4", "", 0),
		keys("p*", 10), keys("p[", 10), keys("p\\", 10), keys("p", 10), keys("q", 10),
	}, []string{
		"set p*1 ok", "set p?2 ok", "set p[3] ok", "set px ok", `set p\4 ok`,
		`keys p* = ["p*1"] ok`, `keys p[ = ["p[3]"] ok`, `keys p\ = ["p\\4"] ok`,
		`keys p = ["p*1" "p?2" "p[3]" "p\\4" "px"] ok`, `keys q = [] ok`,
	}},
	{"keys above max", []storeStep{set("k1", "", 0), set("k2", "", 0), set("k3", "", 0), keys("k", 2), keys("k", 3)},
		[]string{"set k1 ok", "set k2 ok", "set k3 ok", "keys k = [] " + ErrTooManyKeys.Error(), `keys k = ["k1" "k2" "k3"] ok`}},
}

// TestStoreDifferential runs one table on the in-memory store and on a real
// Redis: both must print the expected transcript.
func TestStoreDifferential(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			s := kind.make(t)
			for _, tc := range storeCases {
				t.Run(tc.name, func(t *testing.T) {
					ctx, p := testCtx(t), testPrefix()
					for i, step := range tc.steps {
						if got := step(ctx, s, p); i >= len(tc.want) || got != tc.want[i] {
							t.Errorf("step %d: got %q, want %q", i, got, tc.want[min(i, len(tc.want)-1)])
						}
					}
				})
			}
		})
	}
}

// TestStoreExpiry waits for a one-second key to go, on both stores.
func TestStoreExpiry(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			s, ctx, p := kind.make(t), testCtx(t), testPrefix()
			if err := s.Set(ctx, p+"a", "v", time.Second); err != nil {
				t.Fatal(err)
			}
			if ok, err := s.SetNX(ctx, p+"b", "v", time.Second); !ok || err != nil {
				t.Fatal(ok, err)
			}
			testutil.WaitUntil(t, "the keys to expire", func() bool {
				_, okA, _ := s.Get(ctx, p+"a")
				d, _ := s.TTL(ctx, p+"b")
				return !okA && d == KeyMissing
			})
			if ok, err := s.SetNX(ctx, p+"b", "again", 0); !ok || err != nil {
				t.Fatalf("setnx after expiry = %v, %v", ok, err)
			}
		})
	}
}

// TestMemoryClock checks expiry and TTL rounding against a fake clock.
func TestMemoryClock(t *testing.T) {
	now := time.Unix(1000, 0)
	m := NewMemory(MemoryOptions{Now: func() time.Time { return now }})
	ctx := testCtx(t)
	_ = m.Set(ctx, "a", "v", 10*time.Second)
	now = now.Add(2400 * time.Millisecond)
	if d, _ := m.TTL(ctx, "a"); d != 8*time.Second { // 7.6s rounds to 8
		t.Fatalf("ttl = %v, want 8s", d)
	}
	now = now.Add(7600 * time.Millisecond)
	if _, ok, _ := m.Get(ctx, "a"); !ok {
		t.Fatal("key gone at its expiry millisecond (Redis keeps it until the clock passes it)")
	}
	now = now.Add(time.Millisecond)
	if _, ok, _ := m.Get(ctx, "a"); ok {
		t.Fatal("key alive past its expiry")
	}
	if m.Len() != 0 {
		t.Fatalf("len = %d after expiry", m.Len())
	}
	_ = m.Set(ctx, "b", "v", 0)
	_ = m.Expire(ctx, "b", 1500*time.Millisecond) // EXPIRE takes whole seconds
	if d, _ := m.TTL(ctx, "b"); d != time.Second {
		t.Fatalf("ttl after expire 1.5s = %v, want 1s", d)
	}
}

// TestMemorySweep: expired keys that are never read again are dropped.
func TestMemorySweep(t *testing.T) {
	now := time.Unix(1000, 0)
	m := NewMemory(MemoryOptions{Now: func() time.Time { return now }})
	ctx := testCtx(t)
	for i := 0; i < sweepEvery; i++ {
		_ = m.Set(ctx, "old"+strconv.Itoa(i), "v", time.Second)
	}
	now = now.Add(time.Hour)
	for i := 0; i < sweepEvery; i++ {
		_ = m.Set(ctx, "new"+strconv.Itoa(i), "v", 0)
	}
	m.mu.Lock()
	n := len(m.entries)
	m.mu.Unlock()
	if n != sweepEvery {
		t.Fatalf("%d entries held, want %d (expired ones swept)", n, sweepEvery)
	}
}

// TestStoreClosed: every operation on a closed store fails with ErrClosed.
func TestStoreClosed(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			s, ctx := kind.make(t), testCtx(t)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
			_, _, err := s.Get(ctx, "a")
			if !errors.Is(err, ErrClosed) {
				t.Fatalf("get after close: %v", err)
			}
			if err := s.Set(ctx, "a", "v", 0); !errors.Is(err, ErrClosed) {
				t.Fatalf("set after close: %v", err)
			}
		})
	}
}

// TestRedisDown: a Redis that refuses connections, or accepts them and never
// answers, makes each call fail by its deadline, never hang.
func TestRedisDown(t *testing.T) {
	refused := closedPort(t)
	silent := silentServer(t)
	for _, tc := range []struct{ name, addr string }{{"refused", refused}, {"silent", silent}} {
		t.Run(tc.name, func(t *testing.T) {
			host, port, _ := net.SplitHostPort(tc.addr)
			p, _ := strconv.Atoi(port)
			r, err := NewRedis(RedisConfig{Host: host, Port: p, Timeout: 60})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, _ := NewBucket(r, BucketOptions{Namespace: "api"})
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			if _, _, err := b.Get(ctx, "k"); err == nil {
				t.Fatal("get on a Redis that is down succeeded")
			}
			if _, err := b.Incr(ctx, "k", 0); err == nil {
				t.Fatal("incr on a Redis that is down succeeded")
			}
			if err := r.Ping(ctx); err == nil {
				t.Fatal("ping succeeded")
			}
		})
	}
}

// closedPort returns an address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				close(done)
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}
