package bundle

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// Bundle is an opened, structurally checked bundle. It holds no file
// handles; it reads from the io.ReaderAt given to Open.
type Bundle struct {
	// Manifest is the decoded manifest.json.
	Manifest Manifest
	// RawManifest is manifest.json as stored in the ZIP.
	RawManifest []byte

	limits  Limits
	entries []*zip.File          // every entry, in ZIP order
	files   map[string]*zip.File // regular files by name
}

// OpenFile reads a bundle file into memory and opens it with Open.
func OpenFile(name string, limits Limits) (*Bundle, error) {
	limits = limits.withDefaults()
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("opening bundle: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limits.MaxTotalSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading bundle %s: %w", name, err)
	}
	if int64(len(data)) > limits.MaxTotalSize {
		return nil, fmt.Errorf("reading bundle %s: %w: archive larger than %d bytes", name, ErrTooLarge, limits.MaxTotalSize)
	}
	b, err := Open(bytes.NewReader(data), int64(len(data)), limits)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", name, err)
	}
	return b, nil
}

// Open reads a bundle ZIP and checks its structure, reporting every problem
// at once. It rejects what the gateway cannot unpack or load (no manifest,
// a file_list entry missing, a nested entry without its directory entry) and
// what would be unsafe to unpack anywhere (absolute or escaping names,
// duplicates, symlinks and special files, entries past the limits). It does
// not check the checksum or signature; see Verify.
func Open(r io.ReaderAt, size int64, limits Limits) (*Bundle, error) {
	limits = limits.withDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("reading zip: %w", err)
	}
	if len(zr.File) > limits.MaxEntries {
		return nil, fmt.Errorf("%w: %d entries, limit %d", ErrTooLarge, len(zr.File), limits.MaxEntries)
	}
	b := &Bundle{limits: limits, entries: zr.File, files: make(map[string]*zip.File)}
	errs := b.checkEntries()

	mf := b.files[ManifestName]
	if mf == nil {
		errs = append(errs, ErrNoManifest)
		return nil, errors.Join(errs...)
	}
	if int64(mf.UncompressedSize64) > limits.MaxManifestSize {
		errs = append(errs, fmt.Errorf("%s: %w: %d bytes, limit %d", ManifestName, ErrTooLarge, mf.UncompressedSize64, limits.MaxManifestSize))
		return nil, errors.Join(errs...)
	}
	raw, err := b.readEntry(mf, limits.MaxManifestSize)
	if err != nil {
		return nil, errors.Join(append(errs, err)...)
	}
	m, err := ReadManifest(bytes.NewReader(raw))
	if err != nil {
		return nil, errors.Join(append(errs, fmt.Errorf("%s: %w", ManifestName, err))...)
	}
	b.Manifest, b.RawManifest = m, raw
	for i, name := range m.FileList {
		if err := checkRelPath(name); err != nil {
			errs = append(errs, fmt.Errorf("file_list[%d]: %w", i, err))
			continue
		}
		if b.files[name] == nil {
			errs = append(errs, fmt.Errorf("file_list[%d]: %w: %q", i, ErrMissingFile, name))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return b, nil
}

// checkEntries checks every entry's name, type, size and order.
func (b *Bundle) checkEntries() []error {
	var errs []error
	seen := make(map[string]bool, len(b.entries))
	dirs := make(map[string]bool)
	var total uint64
	for _, f := range b.entries {
		name := f.Name
		if err := checkRelPath(name); err != nil {
			errs = append(errs, fmt.Errorf("entry %q: %w", name, err))
			continue
		}
		mode := f.Mode()
		isDir := mode.IsDir() || strings.HasSuffix(name, "/")
		key := strings.TrimSuffix(name, "/")
		if seen[key] {
			errs = append(errs, fmt.Errorf("entry %q: %w", name, ErrDuplicateEntry))
			continue
		}
		seen[key] = true
		if !isDir && !mode.IsRegular() {
			errs = append(errs, fmt.Errorf("entry %q: %w (mode %v)", name, ErrNotRegular, mode&fs.ModeType))
			continue
		}
		if parent := path.Dir(key); parent != "." && !dirs[parent] {
			errs = append(errs, fmt.Errorf("entry %q: %w: the gateway would fail to create it; add %q before it", name, ErrMissingDir, parent+"/"))
		}
		if isDir {
			dirs[key] = true
			continue
		}
		if f.UncompressedSize64 > uint64(b.limits.MaxFileSize) {
			errs = append(errs, fmt.Errorf("entry %q: %w: %d bytes, limit %d", name, ErrTooLarge, f.UncompressedSize64, b.limits.MaxFileSize))
		}
		total += f.UncompressedSize64
		b.files[name] = f
	}
	if total > uint64(b.limits.MaxTotalSize) {
		errs = append(errs, fmt.Errorf("%w: %d bytes uncompressed, limit %d", ErrTooLarge, total, b.limits.MaxTotalSize))
	}
	return errs
}

// readEntry reads a whole entry, refusing more than max bytes.
func (b *Bundle) readEntry(f *zip.File, max int64) ([]byte, error) {
	var buf bytes.Buffer
	if err := b.copyEntry(&buf, f, max); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// copyEntry copies an entry's content to w, refusing more than max bytes
// whatever the header claims. archive/zip checks the CRC-32 at the end.
func (b *Bundle) copyEntry(w io.Writer, f *zip.File, max int64) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("entry %q: %w", f.Name, err)
	}
	defer rc.Close()
	n, err := io.Copy(w, io.LimitReader(rc, max+1))
	if err != nil {
		return fmt.Errorf("entry %q: %w", f.Name, err)
	}
	if n > max {
		return fmt.Errorf("entry %q: %w: more than %d bytes", f.Name, ErrTooLarge, max)
	}
	return nil
}

// Files lists the regular files in the ZIP, in ZIP order, manifest included.
func (b *Bundle) Files() []string {
	var out []string
	for _, f := range b.entries {
		if b.files[f.Name] == f {
			out = append(out, f.Name)
		}
	}
	return out
}

// Unlisted lists regular files other than manifest.json that are not in
// file_list. The gateway unpacks them but neither hashes nor signs them, so
// their content is not protected by the signature.
func (b *Bundle) Unlisted() []string {
	listed := make(map[string]bool, len(b.Manifest.FileList))
	for _, f := range b.Manifest.FileList {
		listed[f] = true
	}
	var out []string
	for _, name := range b.Files() {
		if name != ManifestName && !listed[name] {
			out = append(out, name)
		}
	}
	return out
}
