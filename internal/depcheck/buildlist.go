package depcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// BuildModule is one module of our build list, as `go list -m -json all`
// prints it.
type BuildModule struct {
	Path      string
	Version   string
	Main      bool
	Indirect  bool
	Replace   *Module
	GoVersion string
}

// BuildList is our module build list.
type BuildList struct {
	// Main is our own module path.
	Main string
	// Go is our go directive.
	Go string
	// Modules are the other modules, in go list order.
	Modules []BuildModule
}

// ParseBuildList reads the concatenated JSON objects that
// `go list -m -json all` prints.
func ParseBuildList(data []byte) (*BuildList, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	bl := &BuildList{}
	for {
		var m BuildModule
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("decoding go list -m -json output: %w", err)
		}
		if m.Path == "" {
			return nil, errors.New("decoding go list -m -json output: module without a path")
		}
		if m.Main {
			if bl.Main == "" {
				bl.Main, bl.Go = m.Path, m.GoVersion
			}
			continue
		}
		bl.Modules = append(bl.Modules, m)
	}
	if bl.Main == "" && len(bl.Modules) == 0 {
		return nil, errors.New("decoding go list -m -json output: no modules")
	}
	return bl, nil
}
