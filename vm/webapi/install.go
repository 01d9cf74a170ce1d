package webapi

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"
)

// Globals names the globals Install defines, for the isolation reset that
// puts platform globals back when a call reassigns them.
var Globals = []string{
	"DOMException", "URL", "URLSearchParams", "TextEncoder", "TextDecoder",
	"atob", "btoa", "console", "structuredClone",
}

// jsGlobals are the globals webapi.js defines.
var jsGlobals = []string{"DOMException", "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "structuredClone", "console"}

// Options configures Install.
type Options struct {
	// Logger returns the running call's logger (fields api_id, endpoint,
	// function and, when the call has one, request_id) for console; nil,
	// or a nil result, makes console silent (while scripts load).
	Logger func() *logrus.Entry
	// MaxLogBytes bounds one console line (0: DefaultMaxLogBytes).
	MaxLogBytes int
}

// DefaultMaxLogBytes bounds one console line; the rest is cut with a note.
const DefaultMaxLogBytes = 16 << 10

// Validate reports an invalid option.
func (o Options) Validate() error {
	if o.MaxLogBytes < 0 {
		return fmt.Errorf("max_log_bytes: must be ≥ 0, got %d", o.MaxLogBytes)
	}
	return nil
}

// API is what Install made in one runtime; Go code of other areas (fetch,
// crypto) uses it to raise the runtime's own DOMException.
type API struct {
	rt           *goja.Runtime
	opts         Options
	domException goja.Constructor
}

//go:embed webapi.js
var webapiSource string

var (
	compileOnce sync.Once
	factoryPrg  *goja.Program
	compileErr  error
)

func factoryProgram() (*goja.Program, error) {
	compileOnce.Do(func() {
		factoryPrg, compileErr = goja.Compile("webapi.js", webapiSource, true)
	})
	return factoryPrg, compileErr
}

// Install defines the Web platform globals in rt.
func Install(rt *goja.Runtime, opts Options) (*API, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("webapi options: %w", err)
	}
	if opts.MaxLogBytes == 0 {
		opts.MaxLogBytes = DefaultMaxLogBytes
	}
	a := &API{rt: rt, opts: opts}
	prg, err := factoryProgram()
	if err != nil {
		return nil, fmt.Errorf("compiling webapi.js: %w", err)
	}
	fv, err := rt.RunProgram(prg)
	if err != nil {
		return nil, fmt.Errorf("running webapi.js: %w", err)
	}
	factory, ok := goja.AssertFunction(fv)
	if !ok {
		return nil, fmt.Errorf("webapi.js: not a factory function")
	}
	classes, err := factory(goja.Undefined(), a.natives())
	if err != nil {
		return nil, fmt.Errorf("webapi.js factory: %w", err)
	}
	co := classes.ToObject(rt)
	for _, name := range jsGlobals {
		if err := rt.Set(name, co.Get(name)); err != nil {
			return nil, fmt.Errorf("defining %s: %w", name, err)
		}
	}
	a.domException, _ = goja.AssertConstructor(co.Get("DOMException"))
	if err := a.installFunctions(); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *API) installFunctions() error {
	for name, fn := range map[string]func(goja.FunctionCall) goja.Value{"atob": a.atob, "btoa": a.btoa} {
		if err := a.rt.Set(name, fn); err != nil {
			return fmt.Errorf("defining %s: %w", name, err)
		}
	}
	return nil
}

// DOMException returns a new DOMException of the runtime with the given
// message and name (AbortError, TimeoutError, DataCloneError, …).
func (a *API) DOMException(message, name string) *goja.Object {
	o, err := a.domException(nil, a.rt.ToValue(message), a.rt.ToValue(name))
	if err != nil {
		return a.rt.NewTypeError(message)
	}
	return o
}

// throwDOMException raises a DOMException in the calling script.
func (a *API) throwDOMException(message, name string) {
	panic(a.DOMException(message, name))
}
