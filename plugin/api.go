package plugin

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/vm"
)

// API is one loaded API definition: its validated tyk_ve config, its router,
// its runtime pool and its prepared config object. A changed definition
// builds a new API; the old one is closed once its calls finish.
type API struct {
	Def    *Definition
	Config *Config

	router *Router
	pool   *vm.Pool
	// unguard removes the pool from the node's heap guard.
	unguard   func()
	configObj *vm.ConfigObject
	log       *logrus.Entry
	settings  Settings
	limits    LimitOptions
	// routeErrs holds endpoints that failed to load, by route label.
	routeErrs map[string]error
	// err makes the whole API fail closed (invalid tyk_ve config).
	err error
	// storage is the API's bucket of the node's store (nil: none).
	storage *kvstore.Bucket

	// untrackPool stops the metrics reporting the pool (set when the
	// registry installs the API).
	untrackPool func()

	closeOnce sync.Once
	closeErr  error
}

// NewAPI builds an API. It never fails outright: a config error is kept and
// answered on every request (fail closed), a script that does not load fails
// only the endpoints that use it. Both are logged once here, with the field.
func NewAPI(def *Definition, s Settings, logger *logrus.Logger) *API {
	s = s.withDefaults()
	a := &API{Def: def, settings: s, routeErrs: map[string]error{},
		log: logger.WithField("api_id", def.APIID)}
	if err := a.build(); err != nil {
		a.err = err
		a.log.WithError(err).Error("tyk-ve: API configuration rejected; its requests answer 500 until it is fixed")
	}
	return a
}

func (a *API) build() error {
	raw, err := a.Def.RawConfig()
	if err != nil {
		return err
	}
	a.Config = &Config{}
	if raw != nil {
		if a.Config, err = ParseConfig(raw); err != nil {
			return err
		}
	}
	a.limits = a.Config.Limits.withDefaults()
	routes := a.routes()
	pm := a.settings.pathMatching(a.Config.PathMatching)
	if a.router, err = NewRouter(a.Def.ListenPath, routes, pm); err != nil {
		return err
	}
	if a.configObj, err = vm.NewConfigObject(a.Def.APIID, a.Def.OrgID, configDataForJS(a.Def.ConfigData), !a.Def.ConfigDataDisabled); err != nil {
		return err
	}
	host, err := a.host()
	if err != nil {
		return err
	}
	err = a.startPool(a.router.Routes(), host)
	a.prepareRoutes()
	return err
}

// routes lists the configured endpoints, then (for migration) the
// definition's own. Invalid definition endpoints fail individually.
func (a *API) routes() []Route {
	var routes []Route
	for i, e := range a.Config.Endpoints {
		routes = append(routes, Route{Index: i, Label: fmt.Sprintf("%s.endpoints[%d]", ConfigKey, i), Endpoint: e})
	}
	if !a.Config.ServeDefinitionEndpoints {
		return routes
	}
	for i, e := range a.Def.DefinitionEndpoints {
		label := fmt.Sprintf("extended_paths.virtual[%d]", i)
		if a.Def.IsOAS {
			label = fmt.Sprintf("virtualEndpoint[%d]", i)
		}
		if err := e.Validate(label); err != nil {
			a.routeErrs[label] = err
			a.log.WithField("endpoint", label).WithError(err).Error("tyk-ve: definition endpoint rejected")
		}
		routes = append(routes, Route{Index: len(routes), Label: label, Endpoint: e})
	}
	return routes
}

// startPool loads every route's script and starts the pool. A script that
// fails to load or compile is dropped and the routes using it fail alone.
func (a *API) startPool(routes []Route, host *vm.Host) error {
	scripts, users := a.loadScripts(routes)
	for len(scripts) > 0 {
		pool, err := vm.NewPool(a.poolConfig(scripts, host))
		if err == nil {
			a.pool = pool
			a.unguard = a.settings.node.guardPool(pool)
			return nil
		}
		bad := failedScript(err)
		if bad == "" {
			return err
		}
		err = hintModuleSyntax(err, scripts, bad)
		for _, label := range users[bad] {
			a.failRoute(label, err)
		}
		scripts = dropScript(scripts, bad)
	}
	return nil
}

func (a *API) loadScripts(routes []Route) ([]vm.Script, map[string][]string) {
	var scripts []vm.Script
	users := map[string][]string{}
	for _, rt := range routes {
		if _, failed := a.routeErrs[rt.Label]; failed {
			continue
		}
		name, src, err := a.settings.Sources.Load(&rt.Endpoint, a.Def, a.Def.APIID+"/"+rt.Label)
		if err != nil {
			a.failRoute(rt.Label, err)
			continue
		}
		if _, seen := users[name]; !seen {
			scripts = append(scripts, vm.Script{Name: name, Source: src})
		}
		users[name] = append(users[name], rt.Label)
	}
	return scripts, users
}

func (a *API) failRoute(label string, err error) {
	a.routeErrs[label] = err
	a.log.WithField("endpoint", label).WithError(err).Error("tyk-ve: endpoint script failed to load; the endpoint answers 500")
}

// prepareRoutes gives each endpoint its logger, its CPU meter and its bound
// on calls in flight (its max_concurrent, or the API's endpoint_share of
// the API's runtimes).
func (a *API) prepareRoutes() {
	poolMax := 1
	if a.pool != nil {
		poolMax = a.pool.Stats().Max
	}
	share := a.Config.Pool.EndpointShare
	if share == 0 {
		share = DefaultEndpointShare
	}
	routes := a.router.routes
	for i := range routes {
		routes[i].gate = newGate(routes[i].Endpoint.MaxConcurrent, len(routes), poolMax, share)
		routes[i].cpu = newCPUMeter(a.Config.Pool.CPUHeavyAfter.Std())
		routes[i].log = a.log.WithFields(logrus.Fields{"endpoint": routes[i].Label, "function": routes[i].Endpoint.ResponseFunctionName})
		routes[i].metrics = a.settings.metrics.Endpoint(routeKey(a.Def.APIID, &routes[i]))
		routes[i].spanName = spanPrefix + routes[i].Endpoint.ResponseFunctionName
	}
}

func (a *API) poolConfig(scripts []vm.Script, host *vm.Host) vm.PoolConfig {
	cfg := vm.NewPoolConfig(a.Def.APIID, scripts, a.log)
	p := a.Config.Pool
	cfg.Budget = a.settings.node.runtimeBudget()
	if p.MaxMemory > 0 {
		cfg.MaxMemory = int64(p.MaxMemory)
	}
	if p.RuntimeMemory > 0 {
		cfg.RuntimeMemory = int64(p.RuntimeMemory)
	}
	if p.MaxRuntimes > 0 {
		cfg.MaxRuntimes = p.MaxRuntimes
	}
	if n := cfg.MaxRuntimes; n == 0 && cfg.RuntimeMemory > 0 {
		n = int(cfg.MaxMemory / cfg.RuntimeMemory)
		cfg.Prewarm = min(cfg.Prewarm, max(n, 1))
	} else {
		cfg.Prewarm = min(cfg.Prewarm, n)
	}
	if p.Prewarm != nil {
		cfg.Prewarm = *p.Prewarm
	}
	if p.IdleTimeout > 0 {
		cfg.IdleTimeout = p.IdleTimeout.Std()
	}
	if p.AcquireTimeout > 0 {
		cfg.AcquireTimeout = p.AcquireTimeout.Std()
	}
	if p.MaxUses > 0 {
		cfg.MaxUses = p.MaxUses
	}
	if a.Config.State != "" {
		cfg.State = vm.State(a.Config.State)
	}
	cfg.Limits = vm.Limits{
		MaxStackDepth:           a.limits.MaxStackDepth,
		MaxOutboundRequests:     a.limits.MaxOutboundRequests,
		MaxOutboundResponseBody: a.limits.MaxOutboundResponseBody,
	}
	cfg.Host = host
	return cfg
}

// timeout is the call deadline for a route.
func (a *API) timeout(rt *Route) time.Duration {
	switch {
	case rt.Endpoint.Timeout > 0:
		return rt.Endpoint.Timeout.Std()
	case a.Config.Timeout > 0:
		return a.Config.Timeout.Std()
	}
	return a.settings.DefaultTimeout
}

// ignoreCanonical reports whether response header names stay as written.
func (a *API) ignoreCanonical() bool {
	if a.Config != nil && a.Config.IgnoreCanonicalHeaders != nil {
		return *a.Config.IgnoreCanonicalHeaders
	}
	return a.settings.IgnoreCanonicalHeaders
}

// Close closes the pool once in-flight calls have finished; it is safe to
// call more than once.
func (a *API) Close() error {
	if a.pool == nil {
		return nil
	}
	a.closeOnce.Do(func() { a.closeErr = a.closePool() })
	return a.closeErr
}

func (a *API) closePool() error {
	if a.unguard != nil {
		a.unguard()
	}
	if a.untrackPool != nil {
		a.untrackPool()
	}
	err := a.pool.Close()
	_ = a.storage.Close() // the local tier's bytes go back to the node budget
	st := a.pool.Stats()
	a.log.WithFields(logrus.Fields{"calls": st.Calls, "timeouts": st.Timeouts, "runtimes_created": st.Created,
		"runtimes_destroyed": st.Destroyed, "runtimes_retired": st.Retired, "max_runtimes": st.Max}).
		Info("tyk-ve: API unloaded (replaced or removed); its pool's counters")
	return err
}

// Stats returns the pool's counters (zero without a pool).
func (a *API) Stats() vm.Stats {
	if a.pool == nil {
		return vm.Stats{}
	}
	return a.pool.Stats()
}

func failedScript(err error) string {
	var load *vm.LoadError
	var compile *vm.CompileError
	switch {
	case errors.As(err, &load):
		return load.Script
	case errors.As(err, &compile):
		return compile.Script
	}
	return ""
}

func dropScript(scripts []vm.Script, name string) []vm.Script {
	out := scripts[:0]
	for _, s := range scripts {
		if s.Name != name {
			out = append(out, s)
		}
	}
	return out
}

// configDataForJS is config_data without tyk-ve's own key: scripts see the
// API's configuration, not the plugin's endpoint table.
func configDataForJS(data map[string]interface{}) map[string]interface{} {
	if _, ok := data[ConfigKey]; !ok {
		return data
	}
	out := make(map[string]interface{}, len(data)-1)
	for k, v := range data {
		if k != ConfigKey {
			out[k] = v
		}
	}
	return out
}
