package depcheck

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// gatewayLists holds the build lists of the supported gateway releases,
// carried in the repository (gateways/README.md says how each was taken and
// how to add one), so that a binary checks against them with nothing beside
// it.
//
//go:embed gateways/*.txt
var gatewayLists embed.FS

// GatewaysDir is the folder, relative to this package, that holds the
// supported gateways' lists; scripts/check-deps.sh and scripts/gateway-list.sh
// use it from the repository root as internal/depcheck/gateways.
const GatewaysDir = "gateways"

// Supported returns the requirements of every supported gateway release, as
// embedded in the binary from GatewaysDir, in file name order.
func Supported() ([]*Requirements, error) {
	sub, err := fs.Sub(gatewayLists, GatewaysDir)
	if err != nil {
		return nil, fmt.Errorf("opening the embedded gateway lists: %w", err)
	}
	return LoadLists(sub)
}

// LoadLists parses every list (*.txt) at the top of fsys, each named after
// its file without the extension, in file name order. It fails if there is
// none.
func LoadLists(fsys fs.FS) ([]*Requirements, error) {
	files, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, fmt.Errorf("listing gateway lists: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no gateway lists (*.txt)")
	}
	sort.Strings(files)
	out := make([]*Requirements, 0, len(files))
	for _, file := range files {
		reqs, err := loadList(fsys, file)
		if err != nil {
			return nil, err
		}
		out = append(out, reqs)
	}
	return out, nil
}

// loadList parses one list file of fsys.
func loadList(fsys fs.FS, file string) (*Requirements, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, fmt.Errorf("reading gateway list: %w", err)
	}
	defer f.Close()
	return ParseList(strings.TrimSuffix(path.Base(file), ".txt"), f)
}

// WriteList writes r in the list format ParseList reads: the header
// "# go X.Y.Z", then one "module version" line per requirement sorted by
// module path, with " => module [version]" where the gateway replaces it.
// A replacement of every version ("replace m => ...") is written like one
// of the required version, which is what applies to the gateway's build;
// the list format does not keep the difference (AllVersions), so a check
// against the list is the stricter one.
func WriteList(w io.Writer, r *Requirements) error {
	if _, ok := parseGo(r.Go); !ok {
		return fmt.Errorf("writing list %s: invalid go version %q", r.Name, r.Go)
	}
	paths := make([]string, 0, len(r.Modules))
	for p := range r.Modules {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	fmt.Fprintf(&b, "# go %s\n", r.Go)
	for _, p := range paths {
		req := r.Modules[p]
		b.WriteString(p + " " + req.Version)
		if req.Replace != nil {
			b.WriteString(" => " + formatModule(*req.Replace))
		}
		b.WriteByte('\n')
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing list %s: %w", r.Name, err)
	}
	return nil
}
