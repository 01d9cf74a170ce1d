package plugin

import (
	"fmt"
	"sync"

	"github.com/sirupsen/logrus"
)

// Source identifies the API definition of a request and loads it on a cache
// miss. Key must be comparable and stable for one loaded definition — the
// gateway's live definition pointer, which it replaces on every reload.
type Source struct {
	Key  interface{}
	Load func() ([]byte, error)
}

// Registry caches one API per loaded definition. A request with a known key
// costs one map lookup. A new key (a reloaded definition) is parsed once; if
// the part tyk-ve uses is unchanged the existing API (and its warm pool) is
// kept, otherwise a new API replaces it and the old one is closed once its
// in-flight calls finish. Building an API (reading scripts, compiling them,
// running their top level) happens outside the registry's lock: one API's
// first load never holds up requests or loads of other APIs, and concurrent
// requests for the same new definition wait for one build.
type Registry struct {
	settings Settings
	logger   *logrus.Logger

	byKey sync.Map // Source.Key → *API

	mu    sync.Mutex
	byAPI map[string]registered // api_id → current API and its key
	// building holds the definitions being built, by key.
	building map[interface{}]*build
	// retired are keys of replaced definitions, oldest first. Requests
	// still in flight with a replaced definition are served by its
	// replacement instead of re-installing it; the list is bounded.
	retired []interface{}
	// failed remembers definitions that did not parse, so a broken one is
	// parsed (and logged) once, not on every request.
	failed map[interface{}]error
}

type registered struct {
	key interface{}
	api *API
}

// build is one definition being built; done closes when api or err is set.
type build struct {
	done chan struct{}
	api  *API
	err  error
}

// NewRegistry returns an empty registry.
func NewRegistry(s Settings, logger *logrus.Logger) *Registry {
	return &Registry{settings: s.withDefaults(), logger: logger, byAPI: map[string]registered{},
		building: map[interface{}]*build{}, failed: map[interface{}]error{}}
}

// Get returns the API for src, building it on first sight.
func (reg *Registry) Get(src Source) (*API, error) {
	if v, ok := reg.byKey.Load(src.Key); ok {
		return v.(*API), nil
	}
	reg.mu.Lock()
	if v, ok := reg.byKey.Load(src.Key); ok {
		reg.mu.Unlock()
		return v.(*API), nil
	}
	if err, ok := reg.failed[src.Key]; ok {
		reg.mu.Unlock()
		return nil, err
	}
	if b, ok := reg.building[src.Key]; ok {
		reg.mu.Unlock()
		<-b.done
		return b.api, b.err
	}
	b := &build{done: make(chan struct{})}
	reg.building[src.Key] = b
	reg.mu.Unlock()

	b.api, b.err = reg.load(src)
	reg.mu.Lock()
	delete(reg.building, src.Key)
	if b.err != nil {
		if len(reg.failed) > 1024 {
			reg.failed = map[interface{}]error{}
		}
		reg.failed[src.Key] = b.err
	}
	reg.mu.Unlock()
	close(b.done)
	if b.err != nil {
		reg.logger.WithError(b.err).Error("tyk-ve: API definition could not be read")
	}
	return b.api, b.err
}

// load parses the definition and installs its API, building a new one
// outside the lock unless the current API of the same definition serves.
func (reg *Registry) load(src Source) (*API, error) {
	raw, err := src.Load()
	if err != nil {
		return nil, fmt.Errorf("%w: reading api definition: %v", ErrConfig, err)
	}
	def, err := ParseDefinition(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	if api := reg.reuse(src.Key, def); api != nil {
		return api, nil
	}
	api := NewAPI(def, reg.settings, reg.logger)
	if current := reg.reuse(src.Key, def); current != nil {
		// The same definition was installed while this one was built.
		go func() { _ = api.Close() }()
		return current, nil
	}
	reg.install(src.Key, api)
	return api, nil
}

// reuse installs the current API of def's api_id under key if it was built
// from the same definition (same digest), and returns it; nil otherwise.
func (reg *Registry) reuse(key interface{}, def *Definition) *API {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	prev, ok := reg.byAPI[def.APIID]
	if !ok || prev.api.Def.Digest != def.Digest {
		return nil
	}
	reg.retire(prev.key, prev.api)
	reg.byKey.Store(key, prev.api)
	reg.byAPI[def.APIID] = registered{key: key, api: prev.api}
	return prev.api
}

// install makes api the current one for its api_id under key; the API it
// replaces is closed once its in-flight calls finish.
func (reg *Registry) install(key interface{}, api *API) {
	reg.mu.Lock()
	prev, hasPrev := reg.byAPI[api.Def.APIID]
	reg.byKey.Store(key, api)
	reg.byAPI[api.Def.APIID] = registered{key: key, api: api}
	if hasPrev {
		reg.retire(prev.key, api)
	}
	api.trackMetrics(reg.settings.metrics)
	reg.mu.Unlock()
	if hasPrev {
		go func() { _ = prev.api.Close() }() // drains in-flight calls
	}
}

// maxRetired bounds how many replaced definitions stay recognised.
const maxRetired = 256

// retire points a replaced definition's key at its replacement: a request
// that still carries the old definition (it entered the gateway before the
// reload) must not install it again and close the new API's pool.
func (reg *Registry) retire(old interface{}, replacement *API) {
	for _, k := range reg.retired {
		if v, ok := reg.byKey.Load(k); ok && v.(*API).Def.APIID == replacement.Def.APIID {
			reg.byKey.Store(k, replacement)
		}
	}
	reg.byKey.Store(old, replacement)
	reg.retired = append(reg.retired, old)
	if len(reg.retired) > maxRetired {
		reg.byKey.Delete(reg.retired[0])
		reg.retired[0] = nil
		reg.retired = reg.retired[1:]
	}
}

// Forget drops the API of apiID (e.g. a deleted definition file) and closes
// it once its calls finish.
func (reg *Registry) Forget(apiID string) {
	reg.mu.Lock()
	prev, ok := reg.byAPI[apiID]
	delete(reg.byAPI, apiID)
	if ok {
		reg.byKey.Delete(prev.key)
		reg.settings.metrics.Drop(apiID)
	}
	reg.mu.Unlock()
	if ok {
		_ = prev.api.Close()
	}
}

// APIs returns the current APIs.
func (reg *Registry) APIs() []*API {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	out := make([]*API, 0, len(reg.byAPI))
	for _, r := range reg.byAPI {
		out = append(out, r.api)
	}
	return out
}

// Close closes every API.
func (reg *Registry) Close() error {
	reg.mu.Lock()
	apis := reg.byAPI
	reg.byAPI = map[string]registered{}
	reg.byKey.Range(func(k, _ interface{}) bool { reg.byKey.Delete(k); return true })
	reg.retired = nil
	reg.mu.Unlock()
	for _, r := range apis {
		_ = r.api.Close()
	}
	return nil
}
