package apidef

import "errors"

// Errors Tyk returns for malformed definitions.
var (
	// ErrPayloadWithoutTykExtension reports an OAS document without
	// x-tyk-api-gateway.
	ErrPayloadWithoutTykExtension = errors.New("the payload should contain x-tyk-api-gateway")
	// ErrAPINotFound reports an unknown API.
	ErrAPINotFound = errors.New("API not found")
)
