package tykapi

import (
	"context"
	"errors"
)

// Errors the API raises. Package vm re-exports them under the same names
// (vm.ErrTimeout is ErrTimeout), so errors.Is matches across both.
var (
	// ErrTimeout is what a call's interrupt carries when its deadline
	// passed (see StopCause).
	ErrTimeout = errors.New("vm: time limit exceeded")
	// ErrInvalidResult is returned when the function's return value is not a valid response.
	ErrInvalidResult = errors.New("vm: invalid function result")
	// ErrOutboundLimit is thrown into JavaScript when a call makes more outbound
	// requests than Limits.MaxOutboundRequests allows.
	ErrOutboundLimit = errors.New("vm: outbound request limit exceeded")
)

// StopCause is what an interrupt carries when ctx ends: ErrTimeout for a
// deadline, the context's error otherwise.
func StopCause(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ErrTimeout
	}
	return ctx.Err()
}

// ctxErr is StopCause under the name the API code uses.
func ctxErr(ctx context.Context) error { return StopCause(ctx) }
