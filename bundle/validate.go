package bundle

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// knownDrivers lists the drivers some supported gateway accepts.
var knownDrivers = map[string]bool{
	DriverOtto: true, DriverGoja: true, DriverPython: true,
	DriverLua: true, DriverGRPC: true, DriverGoPlugin: true,
}

// Validate reports every problem with the manifest at once, each naming its
// field. It applies `tyk bundle build`'s rules ("no driver specified", "no
// hooks defined") plus the rules a bundle needs to load: safe, unique
// file_list paths, and for goplugin every hook's .so listed in file_list,
// either under the hook's path or as a versioned build of it (§3.7). It does
// not look at the files themselves.
func (m Manifest) Validate() error {
	var errs []error
	errs = append(errs, validateFileList(m.FileList)...)

	cm := m.CustomMiddleware
	switch {
	case cm.Driver == "":
		errs = append(errs, errors.New("custom_middleware.driver: no driver specified"))
	case !knownDrivers[cm.Driver]:
		errs = append(errs, fmt.Errorf("custom_middleware.driver: unknown driver %q", cm.Driver))
	}

	hooks := cm.hooks()
	if len(hooks) == 0 {
		errs = append(errs, errors.New("custom_middleware: no hooks defined"))
	}
	for _, h := range hooks {
		errs = append(errs, m.validateHook(h)...)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidManifest, err)
	}
	return nil
}

// validateHook checks one hook.
func (m Manifest) validateHook(h namedHook) []error {
	var errs []error
	if h.def.Name == "" {
		errs = append(errs, fmt.Errorf("%s.name: required", h.field))
	}
	if m.CustomMiddleware.Driver != DriverGoPlugin {
		return errs
	}
	if h.def.Path == "" {
		return append(errs, fmt.Errorf("%s.path: required for the goplugin driver", h.field))
	}
	if err := checkRelPath(h.def.Path); err != nil {
		return append(errs, fmt.Errorf("%s.path: %w", h.field, err))
	}
	if len(m.pluginCandidates(h.def.Path)) == 0 {
		base := strings.TrimSuffix(path.Clean(h.def.Path), ".so")
		errs = append(errs, fmt.Errorf("%s.path: %q is not in file_list (nor a versioned build such as %q)",
			h.field, h.def.Path, base+"_v5.9.2_linux_amd64.so"))
	}
	return errs
}

// validateFileList checks every file_list entry.
func validateFileList(list []string) []error {
	var errs []error
	seen := make(map[string]int, len(list))
	for i, f := range list {
		field := fmt.Sprintf("file_list[%d]", i)
		if err := checkRelPath(f); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
			continue
		}
		if strings.HasSuffix(f, "/") {
			errs = append(errs, fmt.Errorf("%s: %q names a directory, not a file", field, f))
			continue
		}
		if f == ManifestName {
			errs = append(errs, fmt.Errorf("%s: %q is reserved for the bundle's own manifest", field, f))
			continue
		}
		if j, dup := seen[f]; dup {
			errs = append(errs, fmt.Errorf("%s: %q duplicates file_list[%d]", field, f, j))
			continue
		}
		seen[f] = i
	}
	return errs
}

// checkRelPath accepts a slash-separated path that is relative, clean and
// stays inside the bundle. A trailing slash (a directory entry) is allowed.
func checkRelPath(p string) error {
	name := strings.TrimSuffix(p, "/")
	switch {
	case name == "":
		return fmt.Errorf("%w: empty path", ErrUnsafePath)
	case strings.ContainsRune(p, '\\'):
		return fmt.Errorf("%w: %q contains a backslash", ErrUnsafePath, p)
	case strings.ContainsRune(p, 0):
		return fmt.Errorf("%w: %q contains a NUL byte", ErrUnsafePath, p)
	case path.IsAbs(name) || hasDriveLetter(name):
		return fmt.Errorf("%w: %q is absolute", ErrUnsafePath, p)
	case name == ".." || strings.HasPrefix(name, "../") || strings.Contains(name, "/../") || strings.HasSuffix(name, "/.."):
		return fmt.Errorf("%w: %q escapes the bundle", ErrUnsafePath, p)
	case path.Clean(name) != name:
		return fmt.Errorf("%w: %q is not clean (want %q)", ErrUnsafePath, p, path.Clean(name))
	}
	return nil
}

// hasDriveLetter reports a Windows volume such as "C:", which filepath.Join
// would honour on a Windows gateway.
func hasDriveLetter(p string) bool {
	return len(p) >= 2 && p[1] == ':' &&
		(('a' <= p[0] && p[0] <= 'z') || ('A' <= p[0] && p[0] <= 'Z'))
}
