package jsbuild

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// SourceMapMode says where the source map goes.
type SourceMapMode string

// Source map modes.
const (
	// SourceMapInline embeds the map in the script as a data: URL (the
	// default: the script is self-contained, whatever its source type).
	SourceMapInline SourceMapMode = "inline"
	// SourceMapExternal writes OUT.map beside the script and names it in a
	// sourceMappingURL comment; the plugin reads it for file sources.
	SourceMapExternal SourceMapMode = "external"
	// SourceMapNone writes no source map.
	SourceMapNone SourceMapMode = "none"
)

// DefaultExportGlobal is the global a built entry's default export is
// assigned to (a Workers-style handler object, for instance).
const DefaultExportGlobal = "__tykve_default"

// moduleGlobal holds the bundle's exports object.
const moduleGlobal = "__tykve_module"

// Options configure one build.
type Options struct {
	// Entry is the entry file (.ts, .mts, .cts, .tsx, .js, .mjs, .cjs, .jsx).
	Entry string
	// OutFile is where the script will live. Source map paths are relative
	// to its directory; it names the external map (OutFile + ".map").
	// Default: the entry's path with the extension ".js" (".built.js" for
	// a .js entry).
	OutFile string
	// SourceMap is inline (default), external or none.
	SourceMap SourceMapMode
	// Minify minifies the output (names, whitespace, syntax).
	Minify bool
	// SourcesContent embeds the original sources in the source map.
	SourcesContent bool
}

// Validate reports every problem at once, naming the field.
func (o Options) Validate() error {
	var errs []error
	if o.Entry == "" {
		errs = append(errs, errors.New("entry: missing"))
	} else if !IsSource(o.Entry) {
		errs = append(errs, fmt.Errorf("entry: %q: not a JavaScript or TypeScript file (want one of %s)", o.Entry, strings.Join(extensions, ", ")))
	}
	switch o.SourceMap {
	case "", SourceMapInline, SourceMapExternal, SourceMapNone:
	default:
		errs = append(errs, fmt.Errorf("source_map: %q: want inline, external or none", o.SourceMap))
	}
	if o.OutFile != "" && o.Entry != "" && samePath(o.OutFile, o.Entry) {
		errs = append(errs, fmt.Errorf("out_file: %q would overwrite the entry", o.OutFile))
	}
	return errors.Join(errs...)
}

// withDefaults fills the fields a zero value leaves open.
func (o Options) withDefaults() Options {
	if o.SourceMap == "" {
		o.SourceMap = SourceMapInline
	}
	if o.OutFile == "" {
		o.OutFile = DefaultOutFile(o.Entry)
	}
	return o
}

// DefaultOutFile is the script a build of entry writes by default: the
// entry with the extension ".js" (".built.js" when it already is ".js").
func DefaultOutFile(entry string) string {
	ext := filepath.Ext(entry)
	base := strings.TrimSuffix(entry, ext)
	if ext == ".js" {
		return base + ".built.js"
	}
	return base + ".js"
}

// extensions are the entry files a build accepts.
var extensions = []string{".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"}

// IsSource reports whether path is a file a build accepts.
func IsSource(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// NeedsBuild reports whether a script at path must be built before a
// runtime can run it: TypeScript, JSX and ES module files (by extension).
// A plain ".js" file is run as it is, as the gateway runs it.
func NeedsBuild(path string) bool {
	return IsSource(path) && strings.ToLower(filepath.Ext(path)) != ".js"
}

func samePath(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}
