package vm

import (
	"errors"
	"fmt"

	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// Sentinel errors returned by the pool and by calls.
var (
	// ErrClosed is returned by Acquire and Call once the pool is closed.
	ErrClosed = errors.New("vm: pool closed")
	// ErrTimeout is returned when a call did not finish before its deadline.
	ErrTimeout = tykapi.ErrTimeout
	// ErrPoolExhausted is returned when no runtime became free before the deadline.
	ErrPoolExhausted = errors.New("vm: no runtime available (pool exhausted)")
	// ErrStackOverflow is returned when a call exceeded the maximum call stack depth.
	ErrStackOverflow = errors.New("vm: maximum call stack depth exceeded")
	// ErrFunctionNotFound is returned when the named function is not defined.
	ErrFunctionNotFound = errors.New("vm: function not defined")
	// ErrInvalidResult is returned when the function's return value is not a valid response.
	ErrInvalidResult = tykapi.ErrInvalidResult
	// ErrScript is returned (wrapped) for an exception thrown by the script.
	ErrScript = errors.New("vm: script error")
	// ErrInvalidCall is returned (wrapped) when the host's Call cannot be
	// turned into arguments (e.g. Call.Session is not JSON). The runtime is
	// not at fault and is kept.
	ErrInvalidCall = errors.New("vm: invalid call")
	// ErrOutboundLimit is thrown into JavaScript when a call makes more
	// outbound requests than Limits.MaxOutboundRequests allows.
	ErrOutboundLimit = tykapi.ErrOutboundLimit
)

// DeadlineError is how a call ends when its deadline passed (or its caller
// went away) while the script ran, and the script failed with an exception
// it did not catch — typically the RangeError of a built-in that checks the
// deadline (JSON.stringify, flat) — or returned an invalid result. It
// matches Cause (ErrTimeout or context.Canceled) and Err (the script's
// error, kept for the log).
type DeadlineError struct {
	Cause error
	Err   error
}

func (e *DeadlineError) Error() string { return fmt.Sprintf("%v: %v", e.Cause, e.Err) }

// Unwrap lets errors.Is match both the cause and the script's error.
func (e *DeadlineError) Unwrap() []error { return []error{e.Cause, e.Err} }

// ScriptError is an exception thrown by JavaScript, with its stack trace.
type ScriptError struct {
	Message string // the exception's message, e.g. "TypeError: Cannot read property 'x' of undefined"
	Stack   string // the JavaScript stack trace, file:line:column per frame
}

func (e *ScriptError) Error() string { return e.Message }

// Unwrap lets errors.Is(err, ErrScript) match.
func (e *ScriptError) Unwrap() error { return ErrScript }

// CompileError reports a script that failed to parse or compile.
type CompileError struct {
	Script string // the script's name (file name or endpoint label)
	Err    error
}

func (e *CompileError) Error() string {
	return fmt.Sprintf("compiling script %q: %v", e.Script, e.Err)
}

func (e *CompileError) Unwrap() error { return e.Err }

// LoadError reports a script whose top-level code failed when it was run
// into a runtime.
type LoadError struct {
	Script string
	Err    error
}

func (e *LoadError) Error() string {
	return fmt.Sprintf("loading script %q: %v", e.Script, e.Err)
}

func (e *LoadError) Unwrap() error { return e.Err }
