package jsbuild

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"

	"github.com/evanw/esbuild/pkg/api"
)

// assemble puts the script together: the code (a module bundle wrapped
// in a function, wrap.go), the lines that make the entry's exports
// globals, and the sourceMappingURL comment last (goja reads it from the
// last line; lines added after the code shift no mapping).
func assemble(opts Options, res api.BuildResult, meta *metafile, entry, out string, module bool) (*Result, error) {
	r := &Result{OutFile: out, Module: module, Inputs: meta.inputs()}
	var code []byte
	for _, f := range res.OutputFiles {
		switch f.Path {
		case out:
			code = f.Contents
		case out + ".map":
			r.Map = f.Contents
		}
	}
	if code == nil {
		return nil, fmt.Errorf("building %s: esbuild wrote no %s", entry, out)
	}
	for _, w := range res.Warnings {
		r.Warnings = append(r.Warnings, formatMessage(w))
	}
	var b bytes.Buffer
	if module {
		wrapped, bindings, err := wrapModule(code)
		if err != nil {
			return nil, fmt.Errorf("building %s: %w", entry, err)
		}
		if r.Map, err = shiftMapLines(r.Map, 1); err != nil {
			return nil, fmt.Errorf("building %s: %w", entry, err)
		}
		b.Write(wrapped)
		r.exportGlobals(&b, bindings)
	} else {
		b.Write(code)
		if len(code) > 0 && code[len(code)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	switch opts.SourceMap {
	case SourceMapInline:
		b.WriteString("//# sourceMappingURL=data:application/json;base64,")
		b.WriteString(base64.StdEncoding.EncodeToString(r.Map))
		b.WriteByte('\n')
	case SourceMapExternal:
		r.MapFile = out + ".map"
		fmt.Fprintf(&b, "//# sourceMappingURL=%s\n", filepath.Base(r.MapFile))
	case SourceMapNone:
		r.Map = nil
	}
	r.Code = b.Bytes()
	return r, nil
}

// exportGlobals writes `var NAME = __tykve_module.NAME;` for each named
// export and the default export's line. Static declarations (rather than a
// loop over the exports) keep the script's globals visible to the
// isolation analysis of package vm.
func (r *Result) exportGlobals(b *bytes.Buffer, bindings []binding) {
	for _, x := range bindings {
		switch name := x.exported; {
		case name == "default":
			r.Default = true
			fmt.Fprintf(b, "var %s = %s[\"default\"];\n", DefaultExportGlobal, moduleGlobal)
		case !isGlobalName(name):
			r.Warnings = append(r.Warnings, fmt.Sprintf("export %q: not a name a global can have; reach it as %s[%q]", name, moduleGlobal, name))
		default:
			r.Exports = append(r.Exports, name)
			fmt.Fprintf(b, "var %s = %s.%s;\n", name, moduleGlobal, name)
		}
	}
}

// Write writes the script to OutFile and, for an external source map, the
// map to MapFile, creating their directory.
func (r *Result) Write() error {
	if err := os.MkdirAll(filepath.Dir(r.OutFile), 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", r.OutFile, err)
	}
	if err := os.WriteFile(r.OutFile, r.Code, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", r.OutFile, err)
	}
	if r.MapFile != "" {
		if err := os.WriteFile(r.MapFile, r.Map, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", r.MapFile, err)
		}
	}
	return nil
}
