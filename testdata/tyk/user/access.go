package user

import "github.com/TykTechnologies/tyk/apidef"

// HashType names the algorithm a basic-auth password is stored with.
type HashType string

// Hash types of BasicAuthData.Hash.
const (
	HashPlainText HashType = ""
	HashBCrypt    HashType = "bcrypt"
)

// AccessSpec grants methods on a URL pattern.
type AccessSpec struct {
	URL     string   `json:"url" msg:"url"`
	Methods []string `json:"methods" msg:"methods"`
}

// RateLimit is a rate limit: Rate requests per Per seconds.
type RateLimit struct {
	// Rate is the allowed number of requests per interval.
	Rate float64 `json:"rate" msg:"rate"`
	// Per is the interval in seconds.
	Per float64 `json:"per" msg:"per"`
	// Smoothing holds rate limit smoothing settings.
	Smoothing *apidef.RateLimitSmoothing `json:"smoothing,omitempty" bson:"smoothing,omitempty"`
}

// APILimit holds the per-API quota and rate limit of a key.
type APILimit struct {
	RateLimit
	ThrottleInterval   float64 `json:"throttle_interval" msg:"throttle_interval"`
	ThrottleRetryLimit int     `json:"throttle_retry_limit" msg:"throttle_retry_limit"`
	MaxQueryDepth      int     `json:"max_query_depth" msg:"max_query_depth"`
	QuotaMax           int64   `json:"quota_max" msg:"quota_max"`
	QuotaRenews        int64   `json:"quota_renews" msg:"quota_renews"`
	QuotaRemaining     int64   `json:"quota_remaining" msg:"quota_remaining"`
	QuotaRenewalRate   int64   `json:"quota_renewal_rate" msg:"quota_renewal_rate"`
	SetBy              string  `json:"-" msg:"-"`
}

// IsEmpty reports whether no limit is set.
func (l APILimit) IsEmpty() bool {
	return l.Rate == 0 && l.Per == 0 && l.Smoothing == nil && l.ThrottleInterval == 0 &&
		l.ThrottleRetryLimit == 0 && l.MaxQueryDepth == 0 && l.QuotaMax == 0 &&
		l.QuotaRenews == 0 && l.QuotaRemaining == 0 && l.QuotaRenewalRate == 0 && l.SetBy == ""
}

// GraphQLType names a GraphQL type and some of its fields. Tyk uses
// graphql-go-tools' graphql.Type, which marshals to the same shape.
type GraphQLType struct {
	Name   string   `json:"name"`
	Fields []string `json:"fields"`
}

// FieldLimits limits one GraphQL field.
type FieldLimits struct {
	MaxQueryDepth int `json:"max_query_depth" msg:"max_query_depth"`
}

// FieldAccessDefinition limits access to one GraphQL field.
type FieldAccessDefinition struct {
	TypeName  string      `json:"type_name" msg:"type_name"`
	FieldName string      `json:"field_name" msg:"field_name"`
	Limits    FieldLimits `json:"limits" msg:"limits"`
}

// EndpointMethod is a per-method rate limit of an endpoint.
type EndpointMethod struct {
	Name  string    `json:"name,omitempty" msg:"name,omitempty"`
	Limit RateLimit `json:"limit,omitempty" msg:"limit,omitempty"`
}

// EndpointMethods is a list of EndpointMethod.
type EndpointMethods []EndpointMethod

// Endpoint is an endpoint-level rate limit.
type Endpoint struct {
	Path    string          `json:"path,omitempty" msg:"path"`
	Methods EndpointMethods `json:"methods,omitempty" msg:"methods"`
}

// Endpoints is a list of Endpoint.
type Endpoints []Endpoint

// AccessDefinition is a key's access to one API.
type AccessDefinition struct {
	APIName              string                  `json:"api_name" msg:"api_name"`
	APIID                string                  `json:"api_id" msg:"api_id"`
	Versions             []string                `json:"versions" msg:"versions"`
	AllowedURLs          []AccessSpec            `bson:"allowed_urls" json:"allowed_urls" msg:"allowed_urls"`
	RestrictedTypes      []GraphQLType           `json:"restricted_types" msg:"restricted_types"`
	AllowedTypes         []GraphQLType           `json:"allowed_types" msg:"allowed_types"`
	Limit                APILimit                `json:"limit" msg:"limit"`
	FieldAccessRights    []FieldAccessDefinition `json:"field_access_rights" msg:"field_access_rights"`
	DisableIntrospection bool                    `json:"disable_introspection" msg:"disable_introspection"`

	AllowanceScope string `json:"allowance_scope" msg:"allowance_scope"`

	Endpoints Endpoints `json:"endpoints,omitempty" msg:"endpoints,omitempty"`
}

// BasicAuthData holds a basic-auth key's password.
type BasicAuthData struct {
	Password string   `json:"password" msg:"password"`
	Hash     HashType `json:"hash_type" msg:"hash_type"`
}

// JWTData holds a JWT key's shared secret.
type JWTData struct {
	Secret string `json:"secret" msg:"secret"`
}

// Monitor holds quota trigger thresholds.
type Monitor struct {
	TriggerLimits []float64 `json:"trigger_limits" msg:"trigger_limits"`
}
