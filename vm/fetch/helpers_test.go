package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/outbound"
	"github.com/tyk-ve/tyk-ve/vm/eventloop"
)

// testHost counts requests against a limit, as the vm's call state does.
type testHost struct {
	limit, made int
	maxBody     int64
	client      *http.Client
	outside     bool // no call running
}

func (h *testHost) Outbound() (*http.Client, int64, error) {
	if h.outside {
		return nil, 0, errors.New("fetch: not available while the scripts load")
	}
	if h.limit > 0 && h.made >= h.limit {
		return nil, 0, fmt.Errorf("fetch: outbound request limit exceeded (max_outbound_requests = %d)", h.limit)
	}
	h.made++
	c := h.client
	if c == nil {
		c = outbound.DefaultClient()
	}
	return c, h.maxBody, nil
}

func (h *testHost) Logger() *logrus.Entry {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return logrus.NewEntry(l)
}

type env struct {
	rt   *goja.Runtime
	loop *eventloop.Loop
	b    *Binding
	host *testHost
}

func newEnv(t testing.TB) *env {
	t.Helper()
	rt := goja.New()
	loop := eventloop.New(rt)
	if err := loop.Install(); err != nil {
		t.Fatal(err)
	}
	host := &testHost{limit: 32, maxBody: 1 << 20}
	b, err := Install(rt, loop, host)
	if err != nil {
		t.Fatal(err)
	}
	return &env{rt: rt, loop: loop, b: b, host: host}
}

// run evaluates src, an async function body, as one call on the loop and
// returns what its promise settled with: the value as a string, or the
// rejection as "throw: " + the reason.
func (e *env) run(ctx context.Context, src string) (string, error) {
	var p *goja.Promise
	err := e.loop.RunUntil(ctx, func() error {
		v, err := e.rt.RunString("(async function () {" + src + "\n})()")
		if err != nil {
			return err
		}
		p = v.Export().(*goja.Promise)
		return nil
	}, func() bool { return p != nil && p.State() != goja.PromiseStatePending })
	e.b.EndCall()
	if err != nil {
		return "", err
	}
	switch p.State() {
	case goja.PromiseStateFulfilled:
		return p.Result().String(), nil
	case goja.PromiseStateRejected:
		return "throw: " + p.Result().String(), nil
	}
	return "", errors.New("promise still pending")
}

func (e *env) mustRun(t testing.TB, src string) string {
	t.Helper()
	got, err := e.run(context.Background(), src)
	if err != nil {
		t.Fatalf("run: %v\nscript: %s", err, src)
	}
	return got
}

type jsCase struct {
	name, src, want string
}

func runCases(t *testing.T, cases []jsCase, setup func(*env)) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			if setup != nil {
				setup(e)
			}
			if got := e.mustRun(t, tc.src); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
