package vm

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/go-sourcemap/sourcemap"
)

// Source maps. A built script (tyk-ve build) names its source map in its
// last line; stack traces then show the original files and lines. goja can
// read the map itself, but looks a position up with a 1-based column where
// the map's columns are 0-based, and reports the original column 0-based
// (and its source map library drops mappings to line 1, column 0). So the
// map is read here, its columns are shifted by one on both sides, and the
// consumer is attached to the parsed file: lookups are then exact and the
// columns 1-based like every other position in a stack trace. The map is
// also checked first: the library panics on a mapping to a source it
// does not list.

const sourceMapPrefix = "//# sourceMappingURL="

// attachSourceMap loads the source map the script names, if any, and sets
// it on the parsed tree.
func attachSourceMap(tree *ast.Program, name, src string) error {
	sm, err := LoadSourceMap(name, src)
	if err != nil || sm == nil {
		return err
	}
	tree.File.SetSourceMap(sm)
	return nil
}

// LoadSourceMap reads the source map a script names in its last line, its
// columns shifted as described above; nil when it names none (or a map
// that is not there). The other packages of the JavaScript side
// (vm/testscript) attach it to the files they parse.
func LoadSourceMap(name, src string) (*sourcemap.Consumer, error) {
	ref := sourceMapRef(src)
	if ref == "" {
		return nil, nil
	}
	data, err := readSourceMap(name, ref)
	if err != nil || data == nil {
		return nil, err
	}
	if data, err = shiftSourceMapColumns(data); err != nil || data == nil {
		if err != nil {
			return nil, fmt.Errorf("source map: %w", err)
		}
		return nil, nil
	}
	sm, err := sourcemap.Parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("source map: %w", err)
	}
	return sm, nil
}

// sourceMapRef is the URL of the script's last non-empty line when that is
// a sourceMappingURL comment.
func sourceMapRef(src string) string {
	last := strings.TrimRight(src, " \t\r\n")
	if i := strings.LastIndexByte(last, '\n'); i >= 0 {
		last = last[i+1:]
	}
	if !strings.HasPrefix(last, sourceMapPrefix) {
		return ""
	}
	return strings.TrimSpace(last[len(sourceMapPrefix):])
}

// readSourceMap reads a data: URL, or an external map: only for a script
// loaded from a file (an absolute name), only from that file's directory
// or below, only a ".map" file. A map that is not there is no error:
// positions then stay those of the script itself.
func readSourceMap(script, ref string) ([]byte, error) {
	if strings.HasPrefix(ref, "data:") {
		comma := strings.IndexByte(ref, ',')
		if comma < 0 || !strings.HasSuffix(ref[:comma], ";base64") || !strings.HasPrefix(ref, "data:application/json") {
			return nil, errors.New("source map: only a base64 data:application/json URL can be inline")
		}
		b, err := base64.StdEncoding.DecodeString(ref[comma+1:])
		if err != nil {
			return nil, fmt.Errorf("source map: %w", err)
		}
		return b, nil
	}
	u, err := url.Parse(ref)
	if err != nil || (u.Scheme != "" && u.Scheme != "file") || !filepath.IsAbs(script) {
		return nil, nil
	}
	dir := filepath.Dir(script)
	p := filepath.FromSlash(u.Path)
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	p = filepath.Clean(p)
	if filepath.Ext(p) != ".map" || !strings.HasPrefix(p, dir+string(filepath.Separator)) {
		return nil, nil
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("source map: %w", err)
	}
	return b, nil
}

// sourceMapV3 is what a source map holds that stack traces use. It is
// decoded as the source map library decodes it (encoding/json, so field
// names match case-insensitively); sourcesContent is dropped.
type sourceMapV3 struct {
	Version    int             `json:"version"`
	File       string          `json:"file,omitempty"`
	SourceRoot string          `json:"sourceRoot,omitempty"`
	Sources    []string        `json:"sources"`
	Names      []string        `json:"names"`
	Mappings   string          `json:"mappings"`
	Sections   json.RawMessage `json:"sections,omitempty"`
}

// shiftSourceMapColumns checks a source map and adds one to every
// generated and original column. Generated columns restart on each line,
// so the first segment of each line carries the shift; original columns
// are relative across the whole map, so the first segment with a source
// carries it. A mapping to a source the map does not list is refused (the
// library would panic looking it up). An index map ("sections"; esbuild
// never writes one) is ignored: nil, no error.
func shiftSourceMapColumns(data []byte) ([]byte, error) {
	var m sourceMapV3
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if len(m.Sections) > 0 && string(m.Sections) != "null" {
		return nil, nil
	}
	var b strings.Builder
	sourceShifted := false
	source, srcLine, srcCol := 0, 0, 0
	for i, line := range strings.Split(m.Mappings, ";") {
		if i > 0 {
			b.WriteByte(';')
		}
		first, column := true, 0 // the line's first segment holds its absolute column
		for j, seg := range strings.Split(line, ",") {
			if j > 0 {
				b.WriteByte(',')
			}
			if seg == "" {
				continue
			}
			fields, err := decodeVLQ(seg)
			if err != nil {
				return nil, fmt.Errorf("mappings line %d: %w", i+1, err)
			}
			if n := len(fields); n != 1 && n != 4 && n != 5 {
				return nil, fmt.Errorf("mappings line %d: a segment of %d fields", i+1, n)
			}
			if column += fields[0]; column < 0 {
				return nil, fmt.Errorf("mappings line %d: negative column", i+1)
			}
			if len(fields) >= 4 {
				if source += fields[1]; source < 0 || source >= len(m.Sources) {
					return nil, fmt.Errorf("mappings line %d: source %d of %d", i+1, source, len(m.Sources))
				}
				if srcLine, srcCol = srcLine+fields[2], srcCol+fields[3]; srcLine < 0 || srcCol < 0 {
					return nil, fmt.Errorf("mappings line %d: negative original position", i+1)
				}
				if !sourceShifted {
					fields[3]++
					sourceShifted = true
				}
			}
			if first {
				fields[0]++
				first = false
			}
			encodeVLQ(&b, fields)
		}
	}
	m.Mappings = b.String()
	return json.Marshal(m)
}

const vlqDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func decodeVLQ(seg string) ([]int, error) {
	var out []int
	value, shift := 0, 0
	for i := 0; i < len(seg); i++ {
		d := strings.IndexByte(vlqDigits, seg[i])
		if d < 0 {
			return nil, fmt.Errorf("invalid base64 VLQ digit %q", seg[i])
		}
		if shift > 30 {
			return nil, errors.New("base64 VLQ value too large")
		}
		value += (d & 31) << shift
		if d&32 != 0 {
			shift += 5
			continue
		}
		if value&1 != 0 {
			out = append(out, -(value >> 1))
		} else {
			out = append(out, value>>1)
		}
		value, shift = 0, 0
	}
	if shift != 0 {
		return nil, errors.New("truncated base64 VLQ value")
	}
	return out, nil
}

func encodeVLQ(b *strings.Builder, fields []int) {
	for _, v := range fields {
		u := v << 1
		if v < 0 {
			u = (-v << 1) | 1
		}
		for {
			d := u & 31
			u >>= 5
			if u > 0 {
				d |= 32
			}
			b.WriteByte(vlqDigits[d])
			if u == 0 {
				break
			}
		}
	}
}
