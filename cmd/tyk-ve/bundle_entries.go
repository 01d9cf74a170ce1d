package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/tyk-ve/tyk-ve/bundle"
	"github.com/tyk-ve/tyk-ve/jsbuild"
)

// buildManifestEntries builds every file_list entry that needs a build
// (TypeScript, ES modules: jsbuild.NeedsBuild) and lists its built script
// in its place — the path the plugin looks for (src/orders.ts →
// src/orders.js), the source map inline. The returned file system serves
// the built scripts from memory over dir, so the source tree is left as
// it is.
func buildManifestEntries(dir string, m *bundle.Manifest, stdout io.Writer) (fs.FS, error) {
	overlay := overlayFS{base: os.DirFS(dir), files: map[string][]byte{}}
	listed := map[string]bool{}
	for _, name := range m.FileList {
		listed[name] = true
	}
	var errs []error
	for i, name := range m.FileList {
		if !jsbuild.NeedsBuild(name) {
			continue
		}
		built := path.Clean(jsbuild.DefaultOutFile(name))
		if listed[built] {
			errs = append(errs, fmt.Errorf("file_list[%d] %q: its built script %q is listed too; list the source only", i, name, built))
			continue
		}
		res, err := jsbuild.Build(jsbuild.Options{Entry: filepath.Join(dir, filepath.FromSlash(name)),
			OutFile: filepath.Join(dir, filepath.FromSlash(built)), SourceMap: jsbuild.SourceMapInline})
		if err != nil {
			errs = append(errs, fmt.Errorf("file_list[%d] %q: %w", i, name, err))
			continue
		}
		overlay.files[built] = res.Code
		m.FileList[i] = built
		fmt.Fprintf(stdout, "built %s -> %s (%d bytes; %s)\n", name, built, len(res.Code), describeExports(res))
	}
	return overlay, errors.Join(errs...)
}

// overlayFS serves files from memory over a base file system.
type overlayFS struct {
	base  fs.FS
	files map[string][]byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if data, ok := o.files[name]; ok {
		return &memFile{Reader: bytes.NewReader(data), info: memInfo{name: path.Base(name), size: int64(len(data))}}, nil
	}
	return o.base.Open(name)
}

// memFile is a built script as an fs.File.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o644 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() interface{}   { return nil }
