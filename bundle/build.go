package bundle

import (
	"archive/zip"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// BuildOptions are the inputs of Build.
type BuildOptions struct {
	// Manifest describes the bundle. Its Checksum and Signature are ignored
	// and filled in by Build.
	Manifest Manifest
	// Files holds the file_list entries under their listed paths, usually
	// os.DirFS of the manifest's directory.
	Files fs.FS
	// Key signs the bundle; nil builds an unsigned bundle.
	Key *rsa.PrivateKey
}

// Build validates the manifest, then writes a bundle ZIP to w and returns the
// manifest it wrote, with checksum and signature set.
//
// The layout matches `tyk bundle build`: each file_list entry under its path,
// deflated, in list order, then manifest.json last, with no timestamps or
// extra fields, so the same inputs always give the same bytes. Nested paths
// also get directory entries before their first file (see the package doc).
func Build(w io.Writer, opts BuildOptions) (Manifest, error) {
	m := opts.Manifest
	m.Checksum, m.Signature = "", ""
	if err := m.Validate(); err != nil {
		return Manifest{}, err
	}
	if opts.Files == nil {
		return Manifest{}, errors.New("building bundle: no file system for file_list")
	}

	zw := zip.NewWriter(w)
	digest := NewDigest()
	dirs := make(map[string]bool)
	for _, name := range m.FileList {
		if err := writeParentDirs(zw, name, dirs); err != nil {
			return Manifest{}, err
		}
		if err := addFile(zw, opts.Files, name, digest); err != nil {
			return Manifest{}, err
		}
	}

	m.Checksum = digest.Checksum()
	if opts.Key != nil {
		sig, err := digest.Sign(opts.Key)
		if err != nil {
			return Manifest{}, err
		}
		m.Signature = sig
	}
	data, err := m.Marshal()
	if err != nil {
		return Manifest{}, err
	}
	mw, err := zw.CreateHeader(fileHeader(ManifestName))
	if err != nil {
		return Manifest{}, fmt.Errorf("writing %s: %w", ManifestName, err)
	}
	if _, err := mw.Write(data); err != nil {
		return Manifest{}, fmt.Errorf("writing %s: %w", ManifestName, err)
	}
	if err := zw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("finishing bundle: %w", err)
	}
	return m, nil
}

// fileHeader is the header zip.Writer.Create uses, which is what the Tyk
// bundler gets: deflate, a zero modification time, no extra fields.
func fileHeader(name string) *zip.FileHeader {
	return &zip.FileHeader{Name: name, Method: zip.Deflate}
}

// writeParentDirs writes a directory entry for each ancestor of name not
// written yet, outermost first, because the gateway only Mkdirs.
func writeParentDirs(zw *zip.Writer, name string, done map[string]bool) error {
	parts := strings.Split(name, "/")
	for i := 1; i < len(parts); i++ {
		dir := strings.Join(parts[:i], "/") + "/"
		if done[dir] {
			continue
		}
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: dir, Method: zip.Store}); err != nil {
			return fmt.Errorf("writing directory entry %q: %w", dir, err)
		}
		done[dir] = true
	}
	return nil
}

// addFile copies one file_list entry into the ZIP and the digest.
func addFile(zw *zip.Writer, fsys fs.FS, name string, digest *Digest) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("file_list entry %q: %w", name, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("file_list entry %q: %w", name, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("file_list entry %q: %w (mode %v)", name, ErrNotRegular, info.Mode())
	}
	fw, err := zw.CreateHeader(fileHeader(name))
	if err != nil {
		return fmt.Errorf("writing %q: %w", name, err)
	}
	if _, err := io.Copy(io.MultiWriter(fw, digest), f); err != nil {
		return fmt.Errorf("writing %q: %w", name, err)
	}
	return nil
}
