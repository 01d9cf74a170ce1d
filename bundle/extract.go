package bundle

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Extract unpacks the bundle into dir, which must be missing or empty, the
// way the gateway lays out a bundle directory. Open has already rejected
// every name that could escape dir, every symlink and every duplicate, and
// Extract creates each directory itself and never overwrites, so nothing can
// be redirected outside dir. On failure a dir created by Extract is removed.
func (b *Bundle) Extract(dir string) (err error) {
	created, err := prepareDir(dir)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil && created {
			if rmErr := os.RemoveAll(dir); rmErr != nil {
				err = errors.Join(err, fmt.Errorf("removing %s: %w", dir, rmErr))
			}
		}
	}()
	for _, f := range b.entries {
		dest := filepath.Join(dir, filepath.FromSlash(f.Name))
		if b.files[f.Name] != f { // a directory entry
			if err := os.Mkdir(dest, 0o755); err != nil {
				return fmt.Errorf("extracting %q: %w", f.Name, err)
			}
			continue
		}
		if err := b.extractFile(dest, f.Name); err != nil {
			return err
		}
	}
	return nil
}

// extractFile writes one regular entry to a new file.
func (b *Bundle) extractFile(dest, name string) (err error) {
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("extracting %q: %w", name, err)
	}
	defer func() {
		if cerr := out.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("extracting %q: %w", name, cerr)
		}
	}()
	return b.copyEntry(out, b.files[name], b.limits.MaxFileSize)
}

// prepareDir makes sure dir exists and is empty, reporting whether it made it.
func prepareDir(dir string) (bool, error) {
	d, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return false, fmt.Errorf("creating %s: %w", dir, err)
		}
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("opening %s: %w", dir, err)
	}
	defer d.Close()
	names, err := d.Readdirnames(1)
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("reading %s: %w", dir, err)
	}
	if len(names) > 0 {
		return false, fmt.Errorf("extracting into %s: directory is not empty", dir)
	}
	return false, nil
}
