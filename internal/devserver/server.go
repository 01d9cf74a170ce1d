package devserver

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/gatewayver"
	"github.com/tyk-ve/tyk-ve/plugin"
)

//go:embed example
var exampleFS embed.FS

// MetricsPath is where the dev server serves the plugin's Prometheus
// metrics.
const MetricsPath = "/__tyk-ve/metrics"

// loopLimit is Tyk's default tyk:// loop limit.
const loopLimit = 5

// Options configure a Server.
type Options struct {
	// AppsDir holds API definition files; empty serves the built-in example.
	AppsDir string
	// Settings are the node settings (timeouts, path matching, …).
	Settings plugin.Settings
	// Logger receives the plugin's logs.
	Logger *logrus.Logger
	// PollInterval is how often AppsDir is checked for changes (default 1s).
	PollInterval time.Duration
	// Gateway is the gateway generation to answer as (default the newest):
	// it decides the empty session an endpoint without use_session gets,
	// unless Settings.EmptySession is set.
	Gateway gatewayver.Version
	// Session, when set, gives each request its key session (nil: none,
	// as on a keyless API); tyk-ve test sets the session a test names.
	Session func(*http.Request) plugin.Session
	// Transport, when set, carries requests proxied to the APIs' target_url
	// (tyk-ve test answers them from stubs and recordings).
	Transport http.RoundTripper
}

// Server is the dev server's http.Handler.
type Server struct {
	opts    Options
	handler *plugin.Handler
	baseURL string // substituted for ${DEV_SERVER} in the built-in example

	// transport carries proxied requests, keeping connections to the
	// upstreams alive.
	transport *http.Transport
	// proxyTransport is Options.Transport, else transport.
	proxyTransport http.RoundTripper

	mu   sync.RWMutex
	apps []*app
	seen string

	// builder builds TypeScript and ES module sources and tracks what
	// they read (build.go).
	builder *builder
}

// New loads the apps and returns a server. baseURL is the address the server
// will be reachable at (used by the built-in example's upstream).
func New(opts Options, baseURL string) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = logrus.StandardLogger()
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	if opts.AppsDir != "" {
		if st, err := os.Stat(opts.AppsDir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--apps %q: not a directory", opts.AppsDir)
		}
		if opts.Settings.Sources.WorkDir == "" {
			opts.Settings.Sources.WorkDir = opts.AppsDir
		}
	}
	if opts.Gateway == "" {
		opts.Gateway = gatewayver.Newest
	}
	b := newBuilder(opts.Logger)
	opts.Settings.Sources.Build = b.build
	if len(opts.Settings.EmptySession) == 0 {
		opts.Settings.EmptySession = opts.Gateway.EmptySession()
	}
	h, err := plugin.NewHandler(opts.Settings, opts.Logger)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, handler: h, baseURL: strings.TrimSuffix(baseURL, "/"), builder: b,
		transport: &http.Transport{Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second}}
	s.proxyTransport = s.transport
	if opts.Transport != nil {
		s.proxyTransport = opts.Transport
	}
	s.reload()
	return s, nil
}

// Close stops every API's pool and drops idle upstream connections.
func (s *Server) Close() error {
	s.transport.CloseIdleConnections()
	return s.handler.Close()
}

// Handler exposes the plugin handler (stats, registry).
func (s *Server) Handler() *plugin.Handler { return s.handler }

func (s *Server) fsys() fs.FS {
	if s.opts.AppsDir == "" {
		sub, _ := fs.Sub(exampleFS, "example")
		return sub
	}
	return os.DirFS(s.opts.AppsDir)
}

func (s *Server) subst(raw []byte) []byte {
	return []byte(strings.ReplaceAll(string(raw), "${DEV_SERVER}", s.baseURL))
}

// reload reads the apps again; scripts are re-read because every API is
// rebuilt.
func (s *Server) reload() {
	s.builder.forget()
	apps, errs := loadApps(s.fsys(), s.subst)
	for _, err := range errs {
		s.opts.Logger.WithError(err).Error("tyk-ve dev: skipping API definition")
	}
	s.mu.Lock()
	old := s.apps
	s.apps = apps
	s.mu.Unlock()
	for _, a := range old {
		s.handler.Registry().Forget(a.def.APIID)
	}
}

// Watch reloads when a file under AppsDir changes, or a file a build of a
// TypeScript or ES module source read, until ctx ends.
func (s *Server) Watch(ctx context.Context) {
	if s.opts.AppsDir == "" {
		return
	}
	s.seen = fingerprint(s.opts.AppsDir)
	t := time.NewTicker(s.opts.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if fp := fingerprint(s.opts.AppsDir); fp != s.seen || s.builder.changed() {
				s.seen = fp
				s.opts.Logger.Info("tyk-ve dev: files changed, reloading APIs")
				s.reload()
			}
		}
	}
}

// APIs returns the loaded definitions.
func (s *Server) APIs() []*plugin.Definition {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*plugin.Definition, len(s.apps))
	for i, a := range s.apps {
		out[i] = a.def
	}
	return out
}

// ServeHTTP routes by listen path and runs the API's chain tail: the plugin,
// then the upstream or a tyk:// loop.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, echoPath) {
		serveEcho(w, r)
		return
	}
	if r.URL.Path == MetricsPath {
		s.handler.MetricsHandler().ServeHTTP(w, r)
		return
	}
	s.mu.RLock()
	apps := s.apps
	s.mu.RUnlock()
	a := match(apps, r.URL.Path)
	if a == nil {
		writeJSONError(w, http.StatusNotFound, "no API listens on "+r.URL.Path)
		return
	}
	s.serveAPI(w, r, apps, a, 0)
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, apps []*app, a *app, loops int) {
	src := plugin.Source{Key: a, Load: func() ([]byte, error) { return a.raw, nil }}
	var sess plugin.Session
	if s.opts.Session != nil {
		sess = s.opts.Session(r)
	}
	if s.handler.Serve(w, r, src, sess) {
		return
	}
	if r.URL.Scheme == "tyk" {
		s.loop(w, r, apps, a, loops+1)
		return
	}
	s.proxy(w, r, a)
}

// loop follows a tyk:// URL the way the gateway's DummyProxyHandler does
// for a Go plugin: the loop URL names the target, the path, control
// parameters (method) and the query the target sees. (Tyk's own virtual
// endpoint records the original URL and the gateway restores that query; a
// plugin cannot, so the loop URL's query is what arrives — tyk://self/p?from=ve
// reaches the upstream with from=ve.)
func (s *Server) loop(w http.ResponseWriter, r *http.Request, apps []*app, from *app, loops int) {
	if loops > loopLimit {
		writeJSONError(w, http.StatusInternalServerError,
			fmt.Sprintf("Loop level too deep. Found more than %d loops in single request", loopLimit))
		return
	}
	target := from
	if host := r.URL.Hostname(); host != "self" {
		target = find(apps, host)
	}
	if target == nil {
		writeJSONError(w, http.StatusInternalServerError, "Can't detect loop target")
		return
	}
	if m := r.URL.Query().Get("method"); m != "" {
		r.Method = m
	}
	next := &url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	if lp := strings.TrimSuffix(target.def.ListenPath, "/"); !strings.HasPrefix(next.Path, lp) {
		next.Path = lp + next.Path
	}
	r2 := r.Clone(r.Context())
	r2.URL, r2.RequestURI = next, next.RequestURI()
	s.serveAPI(w, r2, apps, target, loops)
}

func (s *Server) proxy(w http.ResponseWriter, r *http.Request, a *app) {
	target, err := url.Parse(a.def.TargetURL)
	if err != nil || target.Host == "" {
		writeJSONError(w, http.StatusBadGateway, "API "+a.def.APIID+" has no valid target_url")
		return
	}
	rp := &httputil.ReverseProxy{
		Transport: s.proxyTransport,
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			if a.def.StripListenPath {
				pr.Out.URL.Path = singleJoin(target.Path, strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(a.def.ListenPath, "/")))
				pr.Out.URL.RawPath = ""
			}
		},
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeJSONError(w, http.StatusBadGateway, "upstream error: "+err.Error())
		},
	}
	rp.ServeHTTP(w, r)
}

func singleJoin(a, b string) string {
	switch {
	case b == "":
		return a
	case strings.HasSuffix(a, "/") && strings.HasPrefix(b, "/"):
		return a + b[1:]
	case !strings.HasSuffix(a, "/") && !strings.HasPrefix(b, "/"):
		return a + "/" + b
	}
	return a + b
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// ListenAndServe serves until ctx ends; the listener is already bound.
func ListenAndServe(ctx context.Context, ln net.Listener, s *Server) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.Watch(ctx)
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
