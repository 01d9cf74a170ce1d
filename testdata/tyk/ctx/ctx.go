package ctx

import (
	"context"
	"net/http"

	"github.com/TykTechnologies/tyk/apidef"
	"github.com/TykTechnologies/tyk/apidef/oas"
	"github.com/TykTechnologies/tyk/config"
	"github.com/TykTechnologies/tyk/internal/clone"
	logger "github.com/TykTechnologies/tyk/log"
	"github.com/TykTechnologies/tyk/storage"
	"github.com/TykTechnologies/tyk/user"
)

// Key is the type of the gateway's request-context keys. Values follow the
// v5.9.2 iota order; they shift between Tyk versions, so never hardcode them.
type Key uint

// Context keys, in Tyk v5.9.2 order.
const (
	SessionData Key = iota
	// Deprecated: use SessionState.Touch to schedule a session update.
	UpdateSession
	AuthToken
	HashedAuthToken
	VersionData
	VersionName
	VersionDefault
	OrgSessionContext
	ContextData
	RetainHost
	TrackThisEndpoint
	DoNotTrackThisEndpoint
	UrlRewritePath
	RequestMethod
	OrigRequestURL
	LoopLevel
	LoopLevelLimit
	ThrottleLevel
	ThrottleLevelLimit
	Trace
	CheckLoopLimits
	UrlRewriteTarget
	TransformedRequestMethod
	Definition
	RequestStatus
	GraphQLRequest
	GraphQLIsWebSocketUpgrade
	OASOperation

	// CacheOptions holds cache options required by the cache writer.
	CacheOptions
	OASDefinition
	SelfLooping
)

// setContext replaces r's context in place, so that the caller's *r (shared
// with the gateway) sees the new values.
func setContext(r *http.Request, c context.Context) {
	r2 := r.WithContext(c)
	*r = *r2
}

func ctxSetSession(r *http.Request, s *user.SessionState, scheduleUpdate, hashKey bool) {
	if s == nil {
		panic("setting a nil context SessionData")
	}
	if s.KeyID == "" {
		s.KeyID = GetAuthToken(r)
	}
	if s.KeyHashEmpty() {
		s.SetKeyHash(storage.HashKey(s.KeyID, hashKey))
	}
	c := context.WithValue(r.Context(), SessionData, s)
	c = context.WithValue(c, AuthToken, s.KeyID)
	if scheduleUpdate {
		s.Touch()
	}
	setContext(r, c)
}

// GetAuthToken returns the request's key, or "".
func GetAuthToken(r *http.Request) string {
	if v, ok := r.Context().Value(AuthToken).(string); ok {
		return v
	}
	return ""
}

// GetSession returns the live session of the request, or nil. Changes to it
// are what the gateway persists when the session is marked modified.
func GetSession(r *http.Request) *user.SessionState {
	if s, ok := r.Context().Value(SessionData).(*user.SessionState); ok {
		return s
	}
	logger.Get().Warning("Empty session retrieved")
	return nil
}

// SetSession stores s as the request's session; scheduleUpdate marks it
// modified (s.Touch) so that the gateway saves it. As in Tyk, hashKey is
// honoured only when two or more values are passed; otherwise
// config.Global().HashKeys decides. It panics if s is nil.
func SetSession(r *http.Request, s *user.SessionState, scheduleUpdate bool, hashKey ...bool) {
	if len(hashKey) > 1 {
		ctxSetSession(r, s, scheduleUpdate, hashKey[0])
		return
	}
	ctxSetSession(r, s, scheduleUpdate, config.Global().HashKeys)
}

// SetDefinition stores the request's Classic API definition.
func SetDefinition(r *http.Request, s *apidef.APIDefinition) {
	setContext(r, context.WithValue(r.Context(), Definition, s))
}

// GetDefinition returns a deep copy of the request's Classic API definition,
// or nil (always nil for OAS APIs).
func GetDefinition(r *http.Request) *apidef.APIDefinition {
	if v, ok := r.Context().Value(Definition).(*apidef.APIDefinition); ok {
		return clone.Clone(v)
	}
	return nil
}

// SetOASDefinition stores the request's OAS API definition.
func SetOASDefinition(r *http.Request, s *oas.OAS) {
	setContext(r, context.WithValue(r.Context(), OASDefinition, s))
}

// GetOASDefinition returns a deep copy of the request's OAS API definition,
// or nil (always nil for Classic APIs).
func GetOASDefinition(r *http.Request) *oas.OAS {
	if v, ok := r.Context().Value(OASDefinition).(*oas.OAS); ok {
		return clone.Clone(v)
	}
	return nil
}
