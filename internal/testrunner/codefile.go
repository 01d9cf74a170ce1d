package testrunner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/tyk-ve/tyk-ve/jsbuild"
	"github.com/tyk-ve/tyk-ve/vm/testscript"
)

// Test files written as code (*.test.js, *.test.ts) are built with package
// jsbuild (TypeScript, imports of helper files, a source map) and run by
// package vm/testscript, whose tests drive a codeHost: the same dev
// server, upstreams, cassette, session and expectations as a YAML file's.

// LoadCode builds and loads a test file written as code, running its top
// level (bounded by timeout): what API it tests and which tests it
// registers. It also returns the files the build read.
func LoadCode(ctx context.Context, path string, timeout time.Duration) (*testscript.File, []string, error) {
	res, err := jsbuild.Build(jsbuild.Options{Entry: path, OutFile: codeOutFile(path), SourceMap: jsbuild.SourceMapInline})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if timeout <= 0 {
		timeout = DefaultTestTimeout
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, fmt.Errorf("the test file's top level ran over its time limit (%s)", timeout))
	defer cancel()
	// the name as given, so that stacks name the files as the user does
	f, err := testscript.Load(ctx, codeOutFile(path), string(res.Code))
	if err != nil {
		return nil, res.Inputs, fmt.Errorf("%s: %w", path, err)
	}
	return f, res.Inputs, nil
}

// codeOutFile is the name the built script would have (it is never
// written): beside the test file, so the source map names the original
// files relative to its folder.
func codeOutFile(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".built.js"
}

// runCodeFile runs a test file written as code.
func runCodeFile(ctx context.Context, path string, opts Options) []Result {
	start := time.Now()
	fail := func(err error, logs []string) []Result {
		return []Result{{File: path, Name: "(file)", Failures: []string{err.Error()}, Logs: logs, Duration: time.Since(start)}}
	}
	script, _, err := LoadCode(ctx, path, opts.TestTimeout)
	if err != nil {
		return fail(err, nil)
	}
	f := &File{API: script.API, Definition: script.Definition, Gateway: script.Gateway, path: path}
	if len(f.Definition) > 0 && !isJSONObject(f.Definition) {
		return fail(fmt.Errorf("%s: api: the inline definition must be an object", path), script.Logs)
	}
	env, err := newFileEnv(f, opts)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", path, err), script.Logs)
	}
	defer env.close()
	var out []Result
	for _, name := range script.Tests() {
		if opts.Run != nil && !opts.Run.MatchString(name) {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		out = append(out, env.runCode(ctx, script, name))
	}
	if err := env.saveCassette(); err != nil {
		out = append(out, fail(fmt.Errorf("saving the cassette: %w", err), nil)...)
	}
	return out
}

// runCode runs one test of a code file.
func (e *fileEnv) runCode(ctx context.Context, script *testscript.File, name string) Result {
	start := time.Now()
	c := &Case{Name: name}
	e.begin(c, nil)
	ctx, cancel := context.WithTimeoutCause(ctx, e.timeout, fmt.Errorf("the test ran over its time limit (%s)", e.timeout))
	defer cancel()
	out := script.Run(ctx, name, &codeHost{env: e, ctx: ctx})
	res := Result{File: e.file.path, Name: name, Duration: time.Since(start)}
	res.Failures = append(e.unanswered(), out.Failures...)
	res.Logs = append(out.Logs, e.logs.lines()...)
	res.Passed = len(res.Failures) == 0
	return res
}

// codeHost is what a code test's t drives (testscript.Host).
type codeHost struct {
	env *fileEnv
	ctx context.Context
}

func (h *codeHost) Request(raw []byte) (*testscript.Response, error) {
	var r Request
	if err := decodeStrict(raw, &r); err != nil {
		return nil, err
	}
	if err := errors.Join(r.validate("")...); err != nil {
		return nil, err
	}
	status, header, body, err := h.env.send(h.ctx, r)
	if err != nil {
		return nil, err
	}
	return &testscript.Response{Status: status, Header: header, Body: body}, nil
}

func (h *codeHost) Upstream(raw []byte) error {
	var s Stub
	if err := decodeStrict(raw, &s); err != nil {
		return err
	}
	if err := errors.Join(s.validate("")...); err != nil {
		return err
	}
	h.env.up.addStub(s)
	return nil
}

func (h *codeHost) Session(raw []byte) error {
	if raw == nil {
		h.env.setSession(nil)
		return nil
	}
	if !isJSONObject(raw) {
		return errors.New("must be a JSON object")
	}
	h.env.setSession(newSession(append([]byte(nil), raw...)))
	return nil
}

func (h *codeHost) SessionMeta() ([]byte, bool) {
	meta, ok := h.env.writtenMeta()
	if !ok {
		return nil, false
	}
	b, err := json.Marshal(meta)
	if err != nil {
		return nil, false
	}
	return b, true
}

func (h *codeHost) Expect(raw []byte, res *testscript.Response) ([]string, error) {
	var x Expect
	if err := decodeStrict(raw, &x); err != nil {
		return nil, err
	}
	if err := errors.Join(x.validate("")...); err != nil {
		return nil, err
	}
	return h.env.check(x, res.Status, res.Header, res.Body), nil
}

// decodeStrict decodes JSON text, rejecting unknown fields.
func decodeStrict(raw []byte, v interface{}) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decoding: %w", err)
	}
	return nil
}
