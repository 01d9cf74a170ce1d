package testscript

import (
	"context"
	_ "embed"
	"errors"
	"fmt"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"

	"github.com/tyk-ve/tyk-ve/vm"
)

//go:embed prelude.js
var preludeSource string

// preludeName is the prelude's file name in stacks; its frames are left
// out of failure locations and the stacks a test shows.
const preludeName = "tyk-ve:test-api.js"

// prelude is compiled once for every file.
var prelude = goja.MustCompile(preludeName, preludeSource, true)

// maxStackDepth bounds the JavaScript call stack (a runaway recursion is
// a RangeError, not a crash of the runner).
const maxStackDepth = 2000

// maxLogLines bounds the console lines kept per test (and for the top
// level).
const maxLogLines = 100

// File is a test file's script after its top level ran: the API it named
// and the tests it registered. It is not safe for concurrent use: run its
// tests one at a time.
type File struct {
	// API is the path of the API definition given to api("..."),
	// relative to the test file.
	API string
	// Definition is the inline API definition given to api({...}), as
	// JSON.
	Definition []byte
	// Gateway is the gateway generation given to gateway("..."), if any.
	Gateway string
	// Logs are the console lines the top level wrote.
	Logs []string

	rt      *goja.Runtime
	makeT   goja.Callable
	tests   []test
	names   map[string]bool
	loading bool
	apiSet  bool
	cur     *running
}

type test struct {
	name string
	fn   goja.Callable
}

// ErrNoAPI is returned by Load for a file that never calls api().
var ErrNoAPI = errors.New(`no api(...) call: a test file names its API definition (api("orders.json")) or gives one inline (api({...}))`)

// ErrNoTests is returned by Load for a file that registers no test.
var ErrNoTests = errors.New(`no test(...) call: a test file registers at least one test (test("name", (t) => { ... }))`)

// Load runs a test file's script (name is the file name stacks show; a
// sourceMappingURL comment in its last line maps positions back to the
// original files) and returns what it registered. A syntax error or an
// exception at the top level is a *ScriptError with the stack; ctx bounds
// the top level's run.
func Load(ctx context.Context, name, code string) (*File, error) {
	f := &File{rt: goja.New(), names: map[string]bool{}}
	f.rt.SetMaxCallStackSize(maxStackDepth)
	if err := f.install(); err != nil {
		return nil, err
	}
	tree, err := goja.Parse(name, code, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, &ScriptError{Message: "SyntaxError: " + err.Error()}
	}
	sm, err := vm.LoadSourceMap(name, code)
	if err != nil {
		return nil, err
	}
	if sm != nil {
		tree.File.SetSourceMap(sm)
	}
	prg, err := goja.CompileAST(tree, false)
	if err != nil {
		return nil, &ScriptError{Message: "SyntaxError: " + err.Error()}
	}
	f.loading = true
	f.cur = &running{}
	err = f.guard(ctx, func() error {
		_, err := f.rt.RunProgram(prg)
		return err
	})
	f.loading = false
	f.Logs, f.cur = f.cur.logs, nil
	if err != nil {
		return nil, err
	}
	if !f.apiSet {
		return nil, ErrNoAPI
	}
	if len(f.tests) == 0 {
		return nil, ErrNoTests
	}
	return f, nil
}

// Tests returns the names of the tests, in the order they were
// registered.
func (f *File) Tests() []string {
	out := make([]string, len(f.tests))
	for i, t := range f.tests {
		out[i] = t.name
	}
	return out
}

// guard runs fn with the runtime interrupted when ctx ends, turning
// JavaScript exceptions into ScriptErrors and a Go panic into an error.
func (f *File) guard(ctx context.Context, fn func() error) (err error) {
	stop := context.AfterFunc(ctx, func() { f.rt.Interrupt(context.Cause(ctx)) })
	defer func() {
		stop()
		f.rt.ClearInterrupt()
		if p := recover(); p != nil {
			err = fmt.Errorf("tyk-ve test: internal error: %v", p)
		}
	}()
	return describe(fn())
}

// describe turns goja's errors into the package's.
func describe(err error) error {
	var ex *goja.Exception
	var in *goja.InterruptedError
	var so *goja.StackOverflowError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &in):
		return fmt.Errorf("stopped: %v", in.Value())
	case errors.As(err, &so):
		return &ScriptError{Message: fmt.Sprintf("RangeError: Maximum call stack size exceeded (%d calls)", maxStackDepth),
			Stack: formatStack(so.Stack())}
	case errors.As(err, &ex):
		return newScriptError(ex)
	}
	return err
}
