// Package dts reads the top-level declarations of TypeScript declaration
// files (types/*.d.ts): which globals they declare, of what kind, and how
// many required parameters a function or a class's constructor takes. The
// doc tests check every declared global is documented, and vm's tests that
// a runtime has each one with that arity.
package dts

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Decl is one global a declaration file declares.
type Decl struct {
	// File is the declaration file's base name.
	File string
	// Kind is the declaration keyword: function, const, var, let or class.
	Kind string
	Name string
	// Arity is the number of required parameters (of the constructor, for
	// a class; 0 for a private constructor): what the function's length
	// must be, as WebIDL defines it.
	Arity int
}

var (
	declareRE = regexp.MustCompile(`(?m)^declare\s+(function|const|var|let|class)\s+([A-Za-z_$][\w$]*)`)
	ctorRE    = regexp.MustCompile(`(?m)^\s+constructor\(([^)]*)\)`)
)

// ReadDir parses every *.d.ts file in dir, in name order.
func ReadDir(dir string) ([]Decl, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.d.ts"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []Decl
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, Parse(filepath.Base(f), string(b))...)
	}
	return out, nil
}

// Parse returns the top-level "declare" statements of src, a declaration
// file named file.
func Parse(file, src string) []Decl {
	locs := declareRE.FindAllStringSubmatchIndex(src, -1)
	out := make([]Decl, 0, len(locs))
	for i, m := range locs {
		d := Decl{File: file, Kind: src[m[2]:m[3]], Name: src[m[4]:m[5]]}
		end := len(src)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		decl := src[m[0]:end]
		switch d.Kind {
		case "function":
			if open := strings.Index(decl, "("); open >= 0 {
				d.Arity = requiredParams(decl[open+1:])
			}
		case "class":
			if c := ctorRE.FindStringSubmatch(decl); c != nil && !strings.Contains(decl, "private constructor") {
				d.Arity = requiredParams(c[1] + ")")
			}
		}
		out = append(out, d)
	}
	return out
}

// requiredParams counts the parameters before the first optional or rest
// one in a TypeScript parameter list that starts after "(" (nested
// brackets in types are skipped).
func requiredParams(list string) int {
	depth, n, start := 0, 0, 0
	var params []string
	for i := 0; i < len(list); i++ {
		switch list[i] {
		case '(', '{', '[', '<':
			depth++
		case ')', '}', ']', '>':
			if depth == 0 && list[i] == ')' {
				params = append(params, list[start:i])
				i = len(list)
				continue
			}
			if list[i] != '>' || i == 0 || list[i-1] != '=' {
				depth--
			}
		case ',':
			if depth == 0 {
				params = append(params, list[start:i])
				start = i + 1
			}
		}
	}
	for _, p := range params {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, "...") {
			break
		}
		name, _, _ := strings.Cut(p, ":")
		if strings.HasSuffix(strings.TrimSpace(name), "?") {
			break
		}
		n++
	}
	return n
}
