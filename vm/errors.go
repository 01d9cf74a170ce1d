package vm

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dop251/goja"

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
// Its Error text, which the log gets, is the message and the stack; the
// client only ever gets a fixed message (package plugin).
type ScriptError struct {
	Message string // the exception's message, e.g. "TypeError: Cannot read property 'x' of undefined"
	// Stack is the JavaScript stack, innermost frame first, one line per
	// frame: "\tat handler (orders.ts:12:9)". A built script's frames
	// point at its original files through its source map.
	Stack string
}

func (e *ScriptError) Error() string {
	if e.Stack == "" {
		return e.Message
	}
	return e.Message + "\n" + strings.TrimSuffix(e.Stack, "\n")
}

// maxStackFrames bounds the frames a ScriptError keeps (a deep recursion
// that throws would otherwise log a thousand lines).
const maxStackFrames = 32

// newScriptError describes an exception for the log. Converting the thrown
// value runs its own toString, which may throw in turn (exceptionText).
func newScriptError(ex *goja.Exception) *ScriptError {
	return &ScriptError{Message: exceptionText(func() string { return ex.Value().String() }),
		Stack: formatStack(ex.Stack())}
}

// formatStack writes frames as V8 does, without goja's program counters:
// "\tat name (file:line:column)", "\tat file:line:column" for an anonymous
// function, "\tat name (native)" for a built-in.
func formatStack(frames []goja.StackFrame) string {
	var b strings.Builder
	for i := range frames {
		if i == maxStackFrames {
			fmt.Fprintf(&b, "\t... %d more\n", len(frames)-i)
			break
		}
		f := &frames[i]
		name := f.FuncName()
		b.WriteString("\tat ")
		if f.SrcName() == "<native>" {
			if name == "<native>" {
				b.WriteString("native\n")
			} else {
				b.WriteString(name + " (native)\n")
			}
			continue
		}
		pos := f.Position()
		file := pos.Filename
		if file == "" {
			file = "<eval>"
		}
		loc := file + ":" + strconv.Itoa(pos.Line) + ":" + strconv.Itoa(pos.Column)
		if name == "<anonymous>" {
			b.WriteString(loc + "\n")
		} else {
			b.WriteString(name + " (" + loc + ")\n")
		}
	}
	return b.String()
}

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
