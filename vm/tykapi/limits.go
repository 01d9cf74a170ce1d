package tykapi

import "errors"

// Limits bound what one call may do. Zero values mean "use the default".
type Limits struct {
	// MaxStackDepth is the maximum JavaScript call stack depth.
	MaxStackDepth int `json:"max_stack_depth,omitempty"`
	// MaxOutboundRequests is the maximum number of outbound HTTP requests
	// (TykMakeHttpRequest, each TykBatchRequest item) one call may make.
	MaxOutboundRequests int `json:"max_outbound_requests,omitempty"`
	// MaxOutboundResponseBody caps the bytes read from one outbound response.
	MaxOutboundResponseBody int64 `json:"max_outbound_response_body,omitempty"`
}

// Default limits.
const (
	DefaultMaxStackDepth           = 1000
	DefaultMaxOutboundRequests     = 32
	DefaultMaxOutboundResponseBody = 10 << 20
)

// WithDefaults returns l with zero fields replaced by defaults.
func (l Limits) WithDefaults() Limits {
	if l.MaxStackDepth == 0 {
		l.MaxStackDepth = DefaultMaxStackDepth
	}
	if l.MaxOutboundRequests == 0 {
		l.MaxOutboundRequests = DefaultMaxOutboundRequests
	}
	if l.MaxOutboundResponseBody == 0 {
		l.MaxOutboundResponseBody = DefaultMaxOutboundResponseBody
	}
	return l
}

// Validate reports every invalid limit at once.
func (l Limits) Validate() error {
	var errs []error
	if l.MaxStackDepth < 0 {
		errs = append(errs, errors.New("max_stack_depth: must be >= 0"))
	}
	if l.MaxOutboundRequests < 0 {
		errs = append(errs, errors.New("max_outbound_requests: must be >= 0"))
	}
	if l.MaxOutboundResponseBody < 0 {
		errs = append(errs, errors.New("max_outbound_response_body: must be >= 0"))
	}
	return errors.Join(errs...)
}
