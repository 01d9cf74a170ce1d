package plugin

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Function source types.
const (
	SourceBlob   = "blob"   // base64 JavaScript in function_source_uri
	SourceFile   = "file"   // a file path in function_source_uri
	SourceInline = "inline" // JavaScript text in function_source
)

// ErrBlobsDisabled is returned for blob/inline sources on a node that
// refuses them (Tyk's disable_virtual_path_blobs).
var ErrBlobsDisabled = errors.New("blob and inline scripts are not allowed on this node (disable_virtual_path_blobs)")

// decodeBlob decodes base64 JavaScript like Tyk (standard, padded); an
// unpadded blob is accepted too.
func decodeBlob(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		if b2, err2 := base64.RawStdEncoding.DecodeString(strings.TrimSpace(s)); err2 == nil {
			return b2, nil
		}
		return nil, err
	}
	return b, nil
}

// SourceResolver finds the JavaScript of an endpoint.
type SourceResolver struct {
	// DisableBlobs refuses blob and inline sources.
	DisableBlobs bool
	// WorkDir is the gateway's working directory (default: the process's).
	WorkDir string
	// MiddlewarePath is the gateway's middleware_path (default
	// "middleware"), under which bundles unpack to bundles/<md5(name)>.
	MiddlewarePath string
	// Build, when set, builds a file source that needs it (TypeScript or
	// an ES module, see NeedsBuild) and returns the script to run and its
	// name; `tyk-ve dev` sets it (package jsbuild). The gateway plugin has
	// none — esbuild stays out of the .so (docs/typescript.md) — so there
	// such a source runs from its built output (BuiltPath: what `tyk-ve
	// build` and `tyk-ve bundle build` write); when that is missing, a
	// TypeScript source fails with a clear error and a JavaScript one
	// (.mjs, .cjs, .jsx) runs as it is.
	Build func(path string) (name, src string, err error)
}

// Load returns the endpoint's source and the name stack traces should show.
func (s SourceResolver) Load(e *EndpointConfig, def *Definition, label string) (name, src string, err error) {
	switch e.FunctionSourceType {
	case SourceBlob, SourceInline:
		if s.DisableBlobs {
			return "", "", ErrBlobsDisabled
		}
		if e.FunctionSourceType == SourceInline {
			return label + ".js", e.FunctionSource, nil
		}
		b, err := decodeBlob(e.FunctionSourceURI)
		if err != nil {
			return "", "", fmt.Errorf("function_source_uri: not valid base64: %w", err)
		}
		return label + ".js", string(b), nil
	case SourceFile:
		if NeedsBuild(e.FunctionSourceURI) {
			return s.loadBuilt(e.FunctionSourceURI, def, label)
		}
		return s.loadFile(e.FunctionSourceURI, def)
	}
	return "", "", fmt.Errorf("function_source_type: unsupported %q", e.FunctionSourceType)
}

// loadFile reads a script file as it is.
func (s SourceResolver) loadFile(uri string, def *Definition) (name, src string, err error) {
	path, err := s.resolveFile(uri, def)
	if err != nil {
		return "", "", fmt.Errorf("function_source_uri: %w", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", fmt.Errorf("function_source_uri: %w", err)
	}
	return path, string(b), nil
}

// loadBuilt loads a source that needs a build: built by s.Build when set,
// else the built output beside it.
func (s SourceResolver) loadBuilt(uri string, def *Definition, label string) (name, src string, err error) {
	if s.Build != nil {
		path, err := s.resolveFile(uri, def)
		if err != nil {
			return "", "", fmt.Errorf("function_source_uri: %w", err)
		}
		if name, src, err = s.Build(path); err != nil {
			return "", "", fmt.Errorf("function_source_uri: %w", err)
		}
		return name, src, nil
	}
	built := BuiltPath(uri)
	path, err := s.resolveFile(built, def)
	if err != nil && !isTypeScript(uri) {
		// .mjs, .cjs, .jsx without a built script run as they are, as
		// before builds existed (a classic script may have any name); ES
		// module syntax then fails to compile with a hint (modulehint.go)
		return s.loadFile(uri, def)
	}
	if err != nil {
		return "", "", fmt.Errorf("function_source_uri: %q (endpoint %s) is TypeScript or an ES module, which the plugin runs only built, "+
			"and its built script %q is missing: run `tyk-ve build %s` or ship it with `tyk-ve bundle build` (%w)", uri, label, built, uri, ErrNeedsBuild)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", fmt.Errorf("function_source_uri: %w", err)
	}
	return path, string(b), nil
}

// ErrNeedsBuild is wrapped by the error for a TypeScript or ES module
// source whose built script is missing.
var ErrNeedsBuild = errors.New("source needs a build")

// buildExtensions are the file sources that need a build (package
// jsbuild's NeedsBuild; a test keeps the two lists equal). The plugin does
// not import jsbuild, which would link esbuild into the .so.
var buildExtensions = []string{".ts", ".mts", ".cts", ".tsx", ".mjs", ".cjs", ".jsx"}

// NeedsBuild reports whether a file source must be built before it runs:
// TypeScript, JSX and ES module files, by extension. A ".js" file runs as
// it is, as on the gateway.
func NeedsBuild(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range buildExtensions {
		if ext == e {
			return true
		}
	}
	return false
}

// isTypeScript reports a TypeScript source, which never runs unbuilt.
func isTypeScript(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ts", ".mts", ".cts", ".tsx":
		return true
	}
	return false
}

// BuiltPath is where `tyk-ve build` writes the script of a source that
// needs a build, and where the plugin looks for it: the same path with
// the extension ".js" (src/orders.ts → src/orders.js).
func BuiltPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".js"
}

// resolveFile finds a script path: absolute paths as they are; relative
// paths against the bundle directory (the directory of the API's goplugin
// hook, which the gateway rewrites into the unpacked bundle, then
// <middleware_path>/bundles/<md5(bundle)>), then the working directory.
func (s SourceResolver) resolveFile(uri string, def *Definition) (string, error) {
	if filepath.IsAbs(uri) {
		return uri, nil
	}
	candidates := s.bundleDirs(def)
	candidates = append(candidates, s.workDir())
	for _, dir := range candidates {
		p := filepath.Join(dir, uri)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%q not found (looked in %s)", uri, strings.Join(candidates, ", "))
}

func (s SourceResolver) bundleDirs(def *Definition) []string {
	if def == nil || def.Bundle == "" {
		return nil
	}
	var dirs []string
	for _, hook := range def.HookPaths {
		dir := filepath.Dir(hook)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(s.workDir(), dir)
		}
		dirs = append(dirs, dir)
	}
	mw := s.MiddlewarePath
	if mw == "" {
		mw = "middleware"
	}
	sum := md5.Sum([]byte(def.Bundle))
	dir := filepath.Join(mw, "bundles", hex.EncodeToString(sum[:]))
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(s.workDir(), dir)
	}
	return append(dirs, dir)
}

func (s SourceResolver) workDir() string {
	if s.WorkDir != "" {
		return s.WorkDir
	}
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}
