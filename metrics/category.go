package metrics

// Category is why a virtual endpoint call failed, as an error label.
type Category int

// The categories of failed calls. OK is a call that answered.
const (
	OK Category = iota
	// Script: the script threw, or its function is not defined.
	Script
	// Timeout: the call hit its deadline.
	Timeout
	// InvalidResponse: the function returned something that is not a
	// valid response (status, body, too large).
	InvalidResponse
	// Config: the API's or endpoint's configuration or script is invalid.
	Config
	// PoolExhausted: no runtime became free in time.
	PoolExhausted
	// EndpointBusy: the endpoint was at max_concurrent or its share.
	EndpointBusy
	// HeapLimit: the heap guard refused or stopped the call.
	HeapLimit
	// BodyTooLarge: the request body exceeded max_request_body.
	BodyTooLarge
	// Other: anything else (a reload in progress, the client went away…).
	Other

	numCategories
)

var categoryNames = [numCategories]string{
	OK: "", Script: "script", Timeout: "timeout", InvalidResponse: "invalid_response",
	Config: "config", PoolExhausted: "pool_exhausted", EndpointBusy: "endpoint_busy",
	HeapLimit: "heap_limit", BodyTooLarge: "body_too_large", Other: "other",
}

// String is the category's label value ("" for OK).
func (c Category) String() string {
	if c < 0 || c >= numCategories {
		return categoryNames[Other]
	}
	return categoryNames[c]
}
