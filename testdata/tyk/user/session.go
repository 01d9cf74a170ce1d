package user

import (
	"time"

	"github.com/TykTechnologies/tyk/apidef"
)

// SessionState is a key's session, as stored by the gateway and passed to
// plugins. The field order and JSON tags are those of Tyk v5.9.2.
type SessionState struct {
	LastCheck                     int64                       `json:"last_check" msg:"last_check"`
	Allowance                     float64                     `json:"allowance" msg:"allowance"`
	Rate                          float64                     `json:"rate" msg:"rate"`
	Per                           float64                     `json:"per" msg:"per"`
	ThrottleInterval              float64                     `json:"throttle_interval" msg:"throttle_interval"`
	ThrottleRetryLimit            int                         `json:"throttle_retry_limit" msg:"throttle_retry_limit"`
	MaxQueryDepth                 int                         `json:"max_query_depth" msg:"max_query_depth"`
	DateCreated                   time.Time                   `json:"date_created" msg:"date_created"`
	Expires                       int64                       `json:"expires" msg:"expires"`
	QuotaMax                      int64                       `json:"quota_max" msg:"quota_max"`
	QuotaRenews                   int64                       `json:"quota_renews" msg:"quota_renews"`
	QuotaRemaining                int64                       `json:"quota_remaining" msg:"quota_remaining"`
	QuotaRenewalRate              int64                       `json:"quota_renewal_rate" msg:"quota_renewal_rate"`
	AccessRights                  map[string]AccessDefinition `json:"access_rights" msg:"access_rights"`
	OrgID                         string                      `json:"org_id" msg:"org_id"`
	OauthClientID                 string                      `json:"oauth_client_id" msg:"oauth_client_id"`
	OauthKeys                     map[string]string           `json:"oauth_keys" msg:"oauth_keys"`
	Certificate                   string                      `json:"certificate" msg:"certificate"`
	BasicAuthData                 BasicAuthData               `json:"basic_auth_data" msg:"basic_auth_data"`
	JWTData                       JWTData                     `json:"jwt_data" msg:"jwt_data"`
	HMACEnabled                   bool                        `json:"hmac_enabled" msg:"hmac_enabled"`
	EnableHTTPSignatureValidation bool                        `json:"enable_http_signature_validation" msg:"enable_http_signature_validation"`
	HmacSecret                    string                      `json:"hmac_string" msg:"hmac_string"`
	RSACertificateId              string                      `json:"rsa_certificate_id" msg:"rsa_certificate_id"`
	IsInactive                    bool                        `json:"is_inactive" msg:"is_inactive"`
	ApplyPolicyID                 string                      `json:"apply_policy_id" msg:"apply_policy_id"`
	ApplyPolicies                 []string                    `json:"apply_policies" msg:"apply_policies"`
	DataExpires                   int64                       `json:"data_expires" msg:"data_expires"`
	Monitor                       Monitor                     `json:"monitor" msg:"monitor"`
	// Deprecated: use EnableDetailedRecording.
	EnableDetailRecording   bool                   `json:"enable_detail_recording" msg:"enable_detail_recording"`
	EnableDetailedRecording bool                   `json:"enable_detailed_recording" msg:"enable_detailed_recording"`
	MetaData                map[string]interface{} `json:"meta_data" msg:"meta_data"`
	Tags                    []string               `json:"tags" msg:"tags"`
	Alias                   string                 `json:"alias" msg:"alias"`
	LastUpdated             string                 `json:"last_updated" msg:"last_updated"`
	IdExtractorDeadline     int64                  `json:"id_extractor_deadline" msg:"id_extractor_deadline"`
	SessionLifetime         int64                  `bson:"session_lifetime" json:"session_lifetime"`

	// keyHash caches the storage form of KeyID.
	keyHash string
	// KeyID is the key itself; it is never marshalled.
	KeyID string `json:"-"`

	// Smoothing holds rate limit smoothing settings.
	Smoothing *apidef.RateLimitSmoothing `json:"smoothing" bson:"smoothing"`

	// modified is set by Touch and tells the gateway to persist the session.
	modified bool
}

// NewSessionState returns an empty session.
func NewSessionState() *SessionState {
	return &SessionState{}
}

// Touch marks the session as modified so that the gateway saves it after the
// current middleware.
func (s *SessionState) Touch() {
	s.modified = true
}

// Reset clears the modified mark.
func (s *SessionState) Reset() {
	s.modified = false
}

// IsModified reports whether Touch was called since the last Reset.
func (s *SessionState) IsModified() bool {
	return s.modified
}

// KeyHash returns the cached storage form of the key. Like Tyk, it panics if
// SetKeyHash was never called.
func (s *SessionState) KeyHash() string {
	if s.keyHash == "" {
		panic("KeyHash cache not found. You should call `SetKeyHash` before.")
	}
	return s.keyHash
}

// SetKeyHash caches the storage form of the key.
func (s *SessionState) SetKeyHash(hash string) {
	s.keyHash = hash
}

// KeyHashEmpty reports whether no key hash is cached.
func (s *SessionState) KeyHashEmpty() bool {
	return s.keyHash == ""
}

// PolicyIDs returns the applied policy IDs, falling back to ApplyPolicyID.
func (s *SessionState) PolicyIDs() []string {
	if len(s.ApplyPolicies) > 0 {
		return s.ApplyPolicies
	}
	if s.ApplyPolicyID != "" {
		return []string{s.ApplyPolicyID}
	}
	return nil
}

// GetQuotaLimitByAPIID returns quota max, remaining, renewal rate and renews
// for apiID, preferring the per-API limit when one is set.
func (s *SessionState) GetQuotaLimitByAPIID(apiID string) (int64, int64, int64, int64) {
	if access, ok := s.AccessRights[apiID]; ok && !access.Limit.IsEmpty() {
		return access.Limit.QuotaMax, access.Limit.QuotaRemaining,
			access.Limit.QuotaRenewalRate, access.Limit.QuotaRenews
	}
	return s.QuotaMax, s.QuotaRemaining, s.QuotaRenewalRate, s.QuotaRenews
}

// Clone returns a copy of s whose maps and slices are not shared with s.
// Map values in MetaData are copied shallowly, as in Tyk. Like Tyk's, it has
// a value receiver.
func (s SessionState) Clone() SessionState {
	c := s
	c.AccessRights = cloneMap(s.AccessRights)
	c.OauthKeys = cloneMap(s.OauthKeys)
	c.ApplyPolicies = cloneSlice(s.ApplyPolicies)
	c.MetaData = cloneMap(s.MetaData)
	c.Tags = cloneSlice(s.Tags)
	c.Monitor.TriggerLimits = cloneSlice(s.Monitor.TriggerLimits)
	if s.Smoothing != nil {
		sm := *s.Smoothing
		c.Smoothing = &sm
	}
	return c
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}
