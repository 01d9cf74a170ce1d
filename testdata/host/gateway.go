package host

import (
	"encoding/json"
	"net/http"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/TykTechnologies/tyk/config"
	"github.com/TykTechnologies/tyk/ctx"
	logger "github.com/TykTechnologies/tyk/log"
	"github.com/TykTechnologies/tyk/user"
)

// DefaultLoopLimit is Tyk's default number of tyk:// loops per request.
const DefaultLoopLimit = 5

// Messages the gateway answers with.
const (
	msgAuthMissing = "Authorization field missing"
	msgKeyDenied   = "Access to this API has been disallowed"
	msgPanic       = "Internal Server Error"
	msgNoAPI       = "Not Found"
)

// Config is the harness's gateway configuration.
type Config struct {
	// HashKeys is tyk.conf's hash_keys, served through config.Global.
	HashKeys bool
	// Storage is tyk.conf's storage section (the gateway's Redis), served
	// through config.Global.
	Storage config.StorageOptionsConf
}

var setGlobalConfig sync.Once

// Gateway routes requests to APIs and runs the hook on each, like Tyk's
// chain around a `post` Go plugin. It is safe for concurrent use once APIs
// are added.
type Gateway struct {
	hook     Hook
	sessions *SessionStore
	panics   atomic.Int64

	mu   sync.RWMutex
	apis []*API // sorted by listen path, longest first
}

// New returns a gateway that calls hook on every request. The first call
// assigns config.Global, as the gateway does at start-up; later configs are
// ignored, because config.Global is process-wide.
func New(hook Hook, conf Config) *Gateway {
	setGlobalConfig.Do(func() {
		c := config.Config{HashKeys: conf.HashKeys, Storage: conf.Storage}
		config.Global = func() config.Config { return c }
	})
	return &Gateway{hook: hook, sessions: NewSessionStore()}
}

// AddAPI loads an API.
func (g *Gateway) AddAPI(a *API) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.apis = append(g.apis, a)
	sort.SliceStable(g.apis, func(i, j int) bool {
		return len(g.apis[i].ListenPath) > len(g.apis[j].ListenPath)
	})
}

// Sessions returns the key store.
func (g *Gateway) Sessions() *SessionStore { return g.sessions }

// Panics returns how many hook panics were recovered.
func (g *Gateway) Panics() int64 { return g.panics.Load() }

// ServeHTTP routes r by listen path and runs the API's chain.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a := g.route(r.URL.Path)
	if a == nil {
		writeError(w, http.StatusNotFound, msgNoAPI)
		return
	}
	g.serveAPI(w, r, a, 0)
}

func (g *Gateway) route(path string) *API {
	g.mu.RLock()
	defer g.mu.RUnlock()
	for _, a := range g.apis {
		if strings.HasPrefix(path, a.ListenPath) || path == strings.TrimSuffix(a.ListenPath, "/") {
			return a
		}
	}
	return nil
}

// findAPI finds a loop target by name or API ID.
func (g *Gateway) findAPI(name string) *API {
	g.mu.RLock()
	defer g.mu.RUnlock()
	for _, a := range g.apis {
		if a.ID == name || strings.EqualFold(a.Name, name) {
			return a
		}
	}
	return nil
}

// serveAPI runs a's chain: authentication, the hook, then loop or proxy.
func (g *Gateway) serveAPI(w http.ResponseWriter, r *http.Request, a *API, loopLevel int) {
	key, ok := g.authenticate(w, r, a)
	if !ok {
		return
	}
	if err := makeBodyRereadable(r); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	injectDefinition(r, a)

	rw := &responseWriter{ResponseWriter: w}
	if !g.callHook(rw, r) {
		return
	}
	if rw.sent && rw.status >= http.StatusBadRequest {
		return // the gateway's error path: nothing saved, nothing more written
	}
	g.saveSession(r, key)
	if rw.sent {
		return // StatusRespond: the chain stops
	}

	rewind(r)
	if r.URL.Scheme == "tyk" {
		g.loop(w, r, a, loopLevel)
		return
	}
	g.proxy(w, r, a)
}

// authenticate puts the key's session into the context for keyed APIs, as
// the auth middleware does. It answers the client and returns false on
// failure.
func (g *Gateway) authenticate(w http.ResponseWriter, r *http.Request, a *API) (string, bool) {
	if a.Keyless {
		return "", true
	}
	key := r.Header.Get("Authorization")
	if key == "" {
		writeError(w, http.StatusUnauthorized, msgAuthMissing)
		return "", false
	}
	sess, ok := g.sessions.load(key)
	if !ok {
		writeError(w, http.StatusForbidden, msgKeyDenied)
		return "", false
	}
	sess.KeyID = key
	ctx.SetSession(r, sess, false)
	return key, true
}

// injectDefinition stores only the definition the API has, like
// APISpec.injectIntoReqContext.
func injectDefinition(r *http.Request, a *API) {
	if a.OAS != nil {
		ctx.SetOASDefinition(r, a.OAS)
		return
	}
	ctx.SetDefinition(r, a.Classic)
}

// callHook runs the hook and recovers a panic into a 500, counting it. It
// returns false if the hook panicked.
func (g *Gateway) callHook(rw *responseWriter, r *http.Request) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			g.panics.Add(1)
			logger.Get().WithField("mw", "GoPluginMiddleware").
				Errorf("Recovered from panic while running Go-plugin middleware func: %v\n%s", p, debug.Stack())
			if !rw.sent {
				writeError(rw, http.StatusInternalServerError, msgPanic)
			}
			ok = false
		}
	}()
	g.hook(rw, r)
	return true
}

// saveSession writes the context session back when the hook marked it
// modified (UpdateRequestSession).
func (g *Gateway) saveSession(r *http.Request, key string) {
	sess, _ := r.Context().Value(ctx.SessionData).(*user.SessionState)
	if sess == nil || !sess.IsModified() {
		return
	}
	if key == "" {
		key = sess.KeyID
	}
	if err := g.sessions.save(key, sess); err != nil {
		logger.Get().WithError(err).Error("Could not update session")
		return
	}
	sess.Reset()
}

// writeError answers like Tyk's error handler with the default template.
func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
