package depcheck

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Module is a module path at a version. Version is empty for a directory
// replacement.
type Module struct {
	Path    string `json:"Path"`
	Version string `json:"Version,omitempty"`
}

// Requirement is one module the gateway requires.
type Requirement struct {
	Module
	// Replace is the gateway's replacement for this module, if any.
	Replace *Module
	// AllVersions reports a replacement without a version on its left side
	// ("replace m => ..."), which applies whatever version is selected.
	AllVersions bool
}

// Requirements are a gateway release's module requirements.
type Requirements struct {
	// Name identifies the gateway release, e.g. "v5.9.2".
	Name string
	// Go is the gateway's go directive, e.g. "1.23.10".
	Go string
	// Modules maps module path to requirement.
	Modules map[string]Requirement
}

// ParseList reads a gateway list (see gateways/README.md): a first line "# go X.Y.Z",
// then "module version" per line, or "module version => module version"
// (or "=> directory") where the gateway replaces the module. Blank lines and
// later '#' comments are ignored.
func ParseList(name string, r io.Reader) (*Requirements, error) {
	reqs := &Requirements{Name: name, Modules: make(map[string]Requirement)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var errs []error
	n, sawHeader := 0, false
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if !sawHeader {
			sawHeader = true
			f := strings.Fields(line)
			if len(f) != 3 || f[0] != "#" || f[1] != "go" {
				return nil, fmt.Errorf("%s: line %d: want header %q, got %q", name, n, "# go X.Y.Z", line)
			}
			if _, ok := parseGo(f[2]); !ok {
				return nil, fmt.Errorf("%s: line %d: invalid go version %q", name, n, f[2])
			}
			reqs.Go = f[2]
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		req, err := parseListLine(line)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: line %d: %w", name, n, err))
			continue
		}
		if _, dup := reqs.Modules[req.Path]; dup {
			errs = append(errs, fmt.Errorf("%s: line %d: %s listed twice", name, n, req.Path))
			continue
		}
		reqs.Modules[req.Path] = req
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: reading: %w", name, err)
	}
	if !sawHeader {
		return nil, fmt.Errorf("%s: empty list, want a %q header", name, "# go X.Y.Z")
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return reqs, nil
}

// parseListLine parses one module line of a list.
func parseListLine(line string) (Requirement, error) {
	f := strings.Fields(line)
	var req Requirement
	switch {
	case len(f) == 2:
	case len(f) == 4 && f[2] == "=>":
		req.Replace = &Module{Path: f[3]}
	case len(f) == 5 && f[2] == "=>":
		if !IsValid(f[4]) {
			return req, fmt.Errorf("invalid replacement version %q", f[4])
		}
		req.Replace = &Module{Path: f[3], Version: f[4]}
	default:
		return req, fmt.Errorf("want %q or %q, got %q", "module version", "module version => module version", line)
	}
	if !IsValid(f[1]) {
		return req, fmt.Errorf("invalid version %q for %s", f[1], f[0])
	}
	req.Path, req.Version = f[0], f[1]
	return req, nil
}

// goModJSON is the output of `go mod edit -json`.
type goModJSON struct {
	Go      string
	Require []struct {
		Path, Version string
	}
	Replace []struct {
		Old, New Module
	}
}

// ParseGoModJSON reads the output of `go mod edit -json go.mod`.
func ParseGoModJSON(name string, data []byte) (*Requirements, error) {
	var gm goModJSON
	if err := json.Unmarshal(data, &gm); err != nil {
		return nil, fmt.Errorf("%s: decoding go mod edit -json output: %w", name, err)
	}
	reqs := &Requirements{Name: name, Go: gm.Go, Modules: make(map[string]Requirement, len(gm.Require))}
	for _, r := range gm.Require {
		reqs.Modules[r.Path] = Requirement{Module: Module{Path: r.Path, Version: r.Version}}
	}
	for _, rep := range gm.Replace {
		req, ok := reqs.Modules[rep.Old.Path]
		if !ok {
			continue // a replacement for a module the gateway does not require
		}
		if rep.Old.Version != "" && rep.Old.Version != req.Version {
			continue // replaces some other version only
		}
		newMod := rep.New
		req.Replace, req.AllVersions = &newMod, rep.Old.Version == ""
		reqs.Modules[rep.Old.Path] = req
	}
	return reqs, nil
}
