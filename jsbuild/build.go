package jsbuild

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Result is one built script.
type Result struct {
	// Code is the script, ending in its sourceMappingURL comment (unless
	// the source map mode is none).
	Code []byte
	// Map is the source map JSON (also embedded in Code when inline).
	Map []byte
	// OutFile and MapFile are where Write puts Code and, for an external
	// map, Map (absolute paths).
	OutFile, MapFile string
	// Exports are the entry's named exports made globals, sorted.
	Exports []string
	// Default reports a default export, assigned to DefaultExportGlobal.
	Default bool
	// Module reports an entry built as an ES module (bundled); false for a
	// plain script, which keeps its top-level declarations as globals.
	Module bool
	// Inputs are the files the build read (absolute paths): what a
	// watcher must poll to rebuild on change.
	Inputs []string
	// Warnings are esbuild's warnings and exports that could not become
	// globals, one line each.
	Warnings []string
}

// gojaUnsupported are the ES2022 features goja v0.0.0-20241024094426
// lacks: esbuild lowers them (async generators, for await, logical
// assignment, using) or moves the RegExp into a constructor call so the
// script still parses (goja then rejects the flag or ignores the feature
// at run time); and module features a classic script cannot have
// (top-level await is refused with an error, import.meta is replaced).
var gojaUnsupported = map[string]bool{
	"async-generator":                 false,
	"for-await":                       false,
	"logical-assignment":              false,
	"top-level-await":                 false,
	"import-meta":                     false,
	"dynamic-import":                  false,
	"hashbang":                        false,
	"using":                           false,
	"decorators":                      false,
	"regexp-named-capture-groups":     false,
	"regexp-unicode-property-escapes": false,
	"regexp-match-indices":            false,
	"regexp-set-notation":             false,
}

// Build builds opts.Entry into one script. It writes nothing (see Write).
func Build(opts Options) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	entry, err := filepath.Abs(opts.Entry)
	if err != nil {
		return nil, fmt.Errorf("entry: %w", err)
	}
	if st, err := os.Stat(entry); err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("entry: %q: not a readable file", opts.Entry)
	}
	out, err := filepath.Abs(opts.OutFile)
	if err != nil {
		return nil, fmt.Errorf("out_file: %w", err)
	}
	res, meta, err := run(esbuildOptions(opts, entry, out, true), entry)
	if err != nil {
		return nil, err
	}
	module := meta.isModule(entry)
	if !module {
		// a plain script is compiled alone so its top level stays global
		if res, meta, err = run(esbuildOptions(opts, entry, out, false), entry); err != nil {
			return nil, err
		}
	}
	return assemble(opts, res, meta, entry, out, module)
}

// esbuildOptions are the options of one esbuild run; bundle makes one ES
// module of the entry and its imports, which assemble wraps in a function
// (wrap.go). An ES module bundle rather than esbuild's IIFE format: the
// latter builds the exports object with helpers (Object.defineProperty,
// getters) that a pure TypeScript bundle otherwise does without, and that
// package vm's isolation analysis must treat as reaching built-ins.
func esbuildOptions(opts Options, entry, out string, bundle bool) api.BuildOptions {
	bo := api.BuildOptions{
		EntryPoints:       []string{entry},
		Outfile:           out,
		AbsWorkingDir:     filepath.Dir(entry),
		Bundle:            bundle,
		Platform:          api.PlatformBrowser,
		Target:            api.ES2022,
		Supported:         gojaUnsupported,
		Sourcemap:         api.SourceMapExternal,
		SourcesContent:    api.SourcesContentExclude,
		Metafile:          true,
		Write:             false,
		LogLevel:          api.LogLevelSilent,
		LegalComments:     api.LegalCommentsInline, // after the export clause they would hide it
		MinifyWhitespace:  opts.Minify,
		MinifyIdentifiers: opts.Minify,
		MinifySyntax:      opts.Minify,
	}
	if bundle {
		bo.Format = api.FormatESModule
	}
	if opts.SourcesContent {
		bo.SourcesContent = api.SourcesContentInclude
	}
	return bo
}

// run runs esbuild and returns its result and metafile.
func run(bo api.BuildOptions, entry string) (api.BuildResult, *metafile, error) {
	res := api.Build(bo)
	if len(res.Errors) > 0 {
		return res, nil, fmt.Errorf("building %s: %w", entry, messagesError(res.Errors))
	}
	var meta metafile
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return res, nil, fmt.Errorf("building %s: reading esbuild's metafile: %w", entry, err)
	}
	meta.dir = bo.AbsWorkingDir
	return res, &meta, nil
}

// messagesError turns esbuild's messages into one error, a line each:
// file:line:column: text.
func messagesError(msgs []api.Message) error {
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		errs = append(errs, errors.New(formatMessage(m)))
	}
	return errors.Join(errs...)
}

func formatMessage(m api.Message) string {
	s := m.Text
	if l := m.Location; l != nil {
		s = fmt.Sprintf("%s:%d:%d: %s", l.File, l.Line, l.Column+1, m.Text)
	}
	for _, n := range m.Notes {
		if n.Text != "" {
			s += " (" + n.Text + ")"
		}
	}
	return s
}

// metafile is the part of esbuild's metafile a build reads.
type metafile struct {
	dir    string
	Inputs map[string]struct {
		Format  string            `json:"format"`
		Imports []json.RawMessage `json:"imports"`
	} `json:"inputs"`
	Outputs map[string]struct {
		EntryPoint string   `json:"entryPoint"`
		Exports    []string `json:"exports"`
	} `json:"outputs"`
}

// isModule reports whether entry uses ES module (or CommonJS) syntax or
// imports anything: then it must be bundled.
func (m *metafile) isModule(entry string) bool {
	for name, in := range m.Inputs {
		if m.abs(name) == entry {
			return in.Format != "" || len(in.Imports) > 0
		}
	}
	return true
}

// exports are the entry output's export names.
func (m *metafile) exports() []string {
	for _, out := range m.Outputs {
		if out.EntryPoint != "" {
			return out.Exports
		}
	}
	return nil
}

// inputs are the absolute paths of the files read.
func (m *metafile) inputs() []string {
	var out []string
	for name := range m.Inputs {
		if strings.Contains(name, ":") && !filepath.IsAbs(name) {
			continue // a namespace such as "<runtime>" or "(disabled):…"
		}
		out = append(out, m.abs(name))
	}
	sort.Strings(out)
	return out
}

func (m *metafile) abs(name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	return filepath.Join(m.dir, filepath.FromSlash(name))
}
