package migrate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/gatewayver"
	"github.com/tyk-ve/tyk-ve/internal/ottoengine"
	"github.com/tyk-ve/tyk-ve/plugin"
)

// ErrNoDefinitions is returned when the apps folder holds no API
// definition.
var ErrNoDefinitions = errors.New("no API definitions found")

// Options configure a report.
type Options struct {
	// AppsDir is the folder of API definitions (*.json); relative script
	// paths resolve against it.
	AppsDir string
	// Samples are the requests to send; nil generates them.
	Samples []Sample
	// Vars replace ${NAME} in the definitions. UPSTREAM and DEV_SERVER
	// default to the URL of the stub upstream the report starts.
	Vars map[string]string
	// Timeout bounds each call on both engines (default 5s, the gateway's
	// jsvm_timeout default).
	Timeout time.Duration
}

// Run builds the report.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if st, err := os.Stat(opts.AppsDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("--apps %q: not a directory", opts.AppsDir)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = ottoengine.DefaultTimeout
	}
	up := httptest.NewServer(http.HandlerFunc(stubUpstream))
	defer up.Close()
	vars := map[string]string{"UPSTREAM": up.URL, "DEV_SERVER": up.URL}
	for k, v := range opts.Vars {
		vars[k] = v
	}
	apis, skipped, err := loadAPIs(opts.AppsDir, vars)
	if err != nil {
		return nil, err
	}
	if len(apis) == 0 {
		return nil, fmt.Errorf("%s: %w", opts.AppsDir, ErrNoDefinitions)
	}
	logs := &errorHook{}
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	logger.AddHook(logs)
	h, err := plugin.NewHandler(plugin.Settings{
		DefaultTimeout: opts.Timeout,
		EmptySession:   emptySessionJSON(),
		Sources:        plugin.SourceResolver{WorkDir: opts.AppsDir},
		HeapLimit:      "off",
	}, logger)
	if err != nil {
		return nil, fmt.Errorf("starting tyk-ve: %w", err)
	}
	defer h.Close()
	rep := &Report{AppsDir: opts.AppsDir, Generated: opts.Samples == nil, Skipped: skipped}
	for _, a := range apis {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ar, unmatched, err := runAPI(ctx, a, apis, opts, h, logs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.file, err)
		}
		rep.APIs = append(rep.APIs, ar)
		rep.Unmatched = append(rep.Unmatched, unmatched...)
	}
	rep.Unmatched = append(rep.Unmatched, orphans(apis, opts.Samples)...)
	rep.summarise()
	return rep, nil
}

// emptySessionJSON is the session an endpoint without use_session receives
// on the gateways whose engine the report emulates (otto: 5.8 to 5.14).
func emptySessionJSON() []byte { return gatewayver.V59.EmptySession() }

// stubUpstream answers every outbound call of the scripts (and proxied
// requests) with a deterministic description of the request.
func stubUpstream(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Stub", "tyk-ve migrate-report")
	_ = json.NewEncoder(w).Encode(map[string]interface{}{
		"stub": "tyk-ve migrate-report upstream", "method": r.Method, "path": r.URL.Path,
		"query": r.URL.RawQuery, "body": string(body),
	})
}

// capture is what the harness learnt about one request on one engine.
type capture struct {
	kind   ottoengine.Kind
	err    string
	loop   string
	status int
	header http.Header
	body   []byte
	// done is closed when the handler has returned: the client's view of
	// the connection does not order the handler's writes before our reads.
	done chan struct{}
}

// side is one engine behind a loopback HTTP server, so net/http adds
// Content-Length, sniffs Content-Type and chunks large bodies for both.
type side struct {
	srv *httptest.Server
	mu  sync.Mutex
	cur *capture
}

func newSide(serve func(w http.ResponseWriter, r *http.Request, c *capture)) *side {
	s := &side{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		c := s.cur
		s.mu.Unlock()
		defer close(c.done)
		serve(w, r, c)
		if c.kind == ottoengine.Dropped {
			panic(http.ErrAbortHandler) // net/http drops the connection
		}
	}))
	return s
}

var client = &http.Client{
	Transport:     &http.Transport{DisableKeepAlives: true, Proxy: nil},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// send sends the sample to the side and returns what happened.
func (s *side) send(ctx context.Context, smp Sample) (*capture, error) {
	c := &capture{done: make(chan struct{})}
	s.mu.Lock()
	s.cur = c
	s.mu.Unlock()
	req, err := http.NewRequestWithContext(ctx, smp.Method, s.srv.URL+smp.Target(), strings.NewReader(smp.Body))
	if err != nil {
		return nil, fmt.Errorf("sample %s %s: %w", smp.Method, smp.Target(), err)
	}
	if smp.Body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for k, v := range smp.Headers {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		if werr := c.wait(ctx); werr == nil && c.kind == ottoengine.Dropped {
			return c, nil
		}
		return nil, fmt.Errorf("sample %s %s: %w", smp.Method, smp.Target(), err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("sample %s %s: reading the answer: %w", smp.Method, smp.Target(), err)
	}
	if err := c.wait(ctx); err != nil {
		return nil, fmt.Errorf("sample %s %s: %w", smp.Method, smp.Target(), err)
	}
	c.status, c.header, c.body = resp.StatusCode, resp.Header, body
	c.header.Del("Date")
	return c, nil
}

// handlerWait bounds the wait for a handler that may never have run (the
// request failed before reaching it).
const handlerWait = 10 * time.Second

// wait waits until the handler has returned.
func (c *capture) wait(ctx context.Context) error {
	t := time.NewTimer(handlerWait)
	defer t.Stop()
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return errors.New("the engine's handler did not finish")
	}
}

// errorHook keeps the last error tyk-ve logged, to say why a call failed.
type errorHook struct {
	mu   sync.Mutex
	last string
}

func (h *errorHook) Levels() []logrus.Level {
	return []logrus.Level{logrus.ErrorLevel, logrus.WarnLevel}
}

func (h *errorHook) Fire(e *logrus.Entry) error {
	if _, ok := e.Data["id"]; !ok {
		return nil
	}
	msg := e.Message
	if err, ok := e.Data[logrus.ErrorKey].(error); ok {
		// the first line: a script error's text goes on with its stack
		msg, _, _ = strings.Cut(err.Error(), "\n")
	}
	h.mu.Lock()
	h.last = msg
	h.mu.Unlock()
	return nil
}

func (h *errorHook) take() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.last
	h.last = ""
	return s
}

// keySession is the key session handed to tyk-ve for use_session
// endpoints: the same JSON Tyk's engine receives.
type keySession struct{ json []byte }

func (k keySession) JSON() ([]byte, error)              { return k.json, nil }
func (k keySession) MetaData() map[string]interface{}   { return nil }
func (k keySession) SetMetaData(map[string]interface{}) {}
