package vm

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestHardeningScriptFaults: each fault ends within its deadline with a
// clear error, the runtime it ran on is replaced if it could be
// inconsistent, and the next call is served.
func TestHardeningScriptFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		timeout time.Duration
		want    error
	}{
		{"endless loop", `for (;;) {}`, 50 * time.Millisecond, ErrTimeout},
		{"endless recursion", `function r() { return r() + 1 } r()`, time.Second, ErrStackOverflow},
		{"growing allocation", `var a = []; for (;;) { a.push(new Array(1000).join("x")) }`, 50 * time.Millisecond, ErrTimeout},
		{"string doubling", `var s = "x"; for (var i = 0; i < 64; i++) { s = s + s + i }`, 100 * time.Millisecond, ErrTimeout},
		{"throw from a callback", `[1, 2].map(function() { throw new TypeError("inside map") })`, time.Second, ErrScript},
		{"throw a non-error", `throw {code: 7}`, time.Second, ErrScript},
		{"Go function given junk", `b64dec({}); TykMakeHttpRequest("{not json"); TykBatchRequest(42); rawb64dec(null)`, time.Second, nil},
		{"catch and continue after a stack overflow", `function r() { return r() } try { r() } catch (e) {}`, time.Second, ErrStackOverflow},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm = 1, 1; c.Limits.MaxStackDepth = 200 },
				`function fault() { `+tc.body+`; return TykJsResponse({Body: "survived", Code: 200}) }`,
				`function ok() { return TykJsResponse({Body: "ok", Code: 200}) }`)
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			start := time.Now()
			resp, err := p.Call(ctx, &Call{Function: "fault", Request: &Request{URL: "/"}})
			if elapsed := time.Since(start); elapsed > tc.timeout+time.Second {
				t.Fatalf("took %v with a %v deadline", elapsed, tc.timeout)
			}
			switch {
			case tc.want == nil && (err != nil || resp.Body != "survived"):
				t.Fatalf("got %v %+v, want the call to survive", err, resp)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if resp, err := call(t, p, "ok", nil); err != nil || resp.Body != "ok" {
				t.Fatalf("next call: %v %+v", err, resp)
			}
			if s := p.Stats(); s.InUse != 0 || s.Live > 1 {
				t.Fatalf("pool after the fault: %+v", s)
			}
		})
	}
}

// blockingKeys is a KeyStore whose GetKey returns only once the call's
// context has ended: called from inside a native built-in, it lets the
// deadline pass where no JavaScript instruction runs.
type blockingKeys struct{}

func (blockingKeys) GetKey(ctx context.Context, _, _ string) (string, error) {
	<-ctx.Done()
	return `{"ok":true}`, nil
}

func (blockingKeys) SetKey(context.Context, string, string, bool) error { return nil }

// TestCallErrorClassification: a call's error says what went wrong — a
// deadline is a timeout (ErrTimeout, the Timeouts counter) even when it
// surfaced as an exception the script did not catch, and an argument the
// host got wrong is not the runtime's fault (the runtime is kept).
func TestCallErrorClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		body      string
		session   []byte
		timeout   time.Duration
		want      error
		notWant   error
		timeouts  int64
		destroyed int64
	}{
		{
			// TykGetKeyData as toJSON returns after the deadline, inside
			// JSON.stringify, which then stops with a RangeError
			name:    "deadline RangeError from JSON.stringify, not caught",
			body:    `var a = [{toJSON: TykGetKeyData}]; for (var i = 0; i < 5000; i++) a.push(i); JSON.stringify(a)`,
			timeout: 100 * time.Millisecond, want: ErrTimeout, timeouts: 1, destroyed: 1,
		},
		{
			name:    "deadline RangeError caught, then a TypeError",
			body:    `var a = [{toJSON: TykGetKeyData}]; for (var i = 0; i < 5000; i++) a.push(i); try { JSON.stringify(a) } catch (e) {} null.x`,
			timeout: 100 * time.Millisecond, want: ErrTimeout, timeouts: 1, destroyed: 1,
		},
		{
			name: "a script error before the deadline stays a script error",
			body: `null.x`, timeout: time.Second, want: ErrScript, notWant: ErrTimeout,
		},
		{
			name: "invalid session JSON from the host keeps the runtime",
			body: `1`, session: []byte(`{"meta_data": nope`), timeout: time.Second, want: ErrInvalidCall, notWant: ErrScript,
		},
		{
			name: "a session that is not an object is no error",
			body: `if (session !== 7) throw new Error("session " + session)`, session: []byte(`7`), timeout: time.Second,
		},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm = 1, 1; c.Host = &Host{Keys: blockingKeys{}} },
				`function run(request, session, config) { `+tc.body+`; return TykJsResponse({Body: "done", Code: 200}) }`,
				`function ok() { return TykJsResponse({Body: "ok", Code: 200}) }`)
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			resp, err := p.Call(ctx, &Call{Function: "run", Request: &Request{URL: "/"}, Session: tc.session})
			switch {
			case tc.want == nil && (err != nil || resp.Body != "done"):
				t.Fatalf("got %v %+v, want success", err, resp)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("err = %v, want %v", err, tc.want)
			case tc.notWant != nil && errors.Is(err, tc.notWant):
				t.Fatalf("err = %v, must not be %v", err, tc.notWant)
			}
			assertServesNext(t, p)
			if s := p.Stats(); s.Timeouts != tc.timeouts || s.Destroyed != tc.destroyed {
				t.Fatalf("stats %+v, want %d timeouts and %d runtimes destroyed", s, tc.timeouts, tc.destroyed)
			}
		})
	}
}
