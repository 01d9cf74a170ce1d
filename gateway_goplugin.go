//go:build goplugin

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/TykTechnologies/tyk/apidef"
	"github.com/TykTechnologies/tyk/apidef/oas"
	"github.com/TykTechnologies/tyk/ctx"
	"github.com/TykTechnologies/tyk/log"
	"github.com/TykTechnologies/tyk/user"

	"github.com/tyk-ve/tyk-ve/plugin"
)

var (
	handlerOnce sync.Once
	handler     *plugin.Handler
	handlerErr  error
)

// VirtualEndpoint is the post hook: it answers requests that hit a virtual
// endpoint configured for the API and lets every other request continue to
// the upstream. The gateway calls it as func(http.ResponseWriter, *http.Request).
func VirtualEndpoint(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil { // never let a panic reach the gateway
			plugin.RecoverPanic(w, log.Get(), p)
		}
	}()
	src, ok := definitionSource(r)
	if !ok {
		return // no definition in the context: not an API request
	}
	h, err := gatewayHandler()
	if err != nil {
		plugin.ServeStartFailure(w, err) // fail closed; logged once at start-up
		return
	}
	before := r.URL
	h.Serve(w, r, src, &gatewaySession{r: r})
	if r.URL != before && r.URL.Scheme == "tyk" {
		// A tyk:// loop: record the original URL as Tyk's virtual endpoint
		// does, so the gateway's loop handler keeps its host and query.
		*r = *r.WithContext(context.WithValue(r.Context(), ctx.OrigRequestURL, before))
	}
}

// gatewayHandler builds the handler on first use, when the gateway's
// configuration is in place. If it cannot be built the error is logged once
// and returned for every request.
func gatewayHandler() (*plugin.Handler, error) {
	handlerOnce.Do(func() {
		handler, handlerErr = plugin.NewHandler(gatewaySettings(), log.Get())
		if handlerErr != nil {
			log.Get().WithError(handlerErr).Error("tyk-ve: cannot start; every request of an API that uses it answers 500 until the setting is fixed")
		}
	})
	return handler, handlerErr
}

// definitionSource reads the live definition pointer the gateway put in the
// request context (ctx.GetDefinition would deep-copy it on every call). The
// pointer stays the same until the API is reloaded, so it keys the cache.
func definitionSource(r *http.Request) (plugin.Source, bool) {
	if def, ok := r.Context().Value(ctx.Definition).(*apidef.APIDefinition); ok && def != nil {
		return plugin.Source{Key: def, Load: func() ([]byte, error) { return json.Marshal(def) }}, true
	}
	if def, ok := r.Context().Value(ctx.OASDefinition).(*oas.OAS); ok && def != nil {
		return plugin.Source{Key: def, Load: func() ([]byte, error) { return json.Marshal(def) }}, true
	}
	return plugin.Source{}, false
}

// gatewaySession adapts the request's live user.SessionState.
type gatewaySession struct {
	r       *http.Request
	once    sync.Once
	session *user.SessionState
}

func (s *gatewaySession) get() *user.SessionState {
	s.once.Do(func() { s.session = ctx.GetSession(s.r) })
	return s.session
}

// JSON marshals the host's own SessionState, so the script sees exactly the
// shape of the gateway version that loaded the plugin.
func (s *gatewaySession) JSON() ([]byte, error) {
	sess := s.get()
	if sess == nil {
		return nil, nil
	}
	return json.Marshal(sess)
}

func (s *gatewaySession) MetaData() map[string]interface{} {
	if sess := s.get(); sess != nil {
		return sess.MetaData
	}
	return nil
}

// SetMetaData replaces meta_data and schedules the session to be saved, as
// Tyk's virtual endpoint middleware does.
func (s *gatewaySession) SetMetaData(meta map[string]interface{}) {
	sess := s.get()
	if sess == nil {
		return
	}
	sess.MetaData = meta
	ctx.SetSession(s.r, sess, true)
}
