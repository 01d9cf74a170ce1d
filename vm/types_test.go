package vm

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// declaredGlobal is one global a declaration file under types/ declares.
type declaredGlobal struct {
	file, name, kind string
	// arity is the number of required parameters (of the constructor, for
	// a class): what the function's length must be, as WebIDL defines it.
	arity int
}

var (
	declareRE = regexp.MustCompile(`(?m)^declare\s+(function|const|var|let|class)\s+([A-Za-z_$][\w$]*)`)
	ctorRE    = regexp.MustCompile(`(?m)^\s+constructor\(([^)]*)\)`)
)

// readDeclarations parses the top-level declarations of types/*.d.ts: the
// kind and name, and for functions and classes the required parameters.
func readDeclarations(t *testing.T) []declaredGlobal {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "types", "*.d.ts"))
	if len(files) == 0 {
		t.Fatal("no declaration files under types/")
	}
	var out []declaredGlobal
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		locs := declareRE.FindAllStringSubmatchIndex(src, -1)
		for i, m := range locs {
			g := declaredGlobal{file: filepath.Base(f), kind: src[m[2]:m[3]], name: src[m[4]:m[5]]}
			end := len(src)
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			decl := src[m[0]:end]
			switch g.kind {
			case "function":
				g.arity = requiredParams(decl[strings.Index(decl, "(")+1:])
			case "class":
				if c := ctorRE.FindStringSubmatch(decl); c != nil && !strings.Contains(decl, "private constructor") {
					g.arity = requiredParams(c[1] + ")")
				}
			}
			out = append(out, g)
		}
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

func TestRequiredParams(t *testing.T) {
	for in, want := range map[string]int{
		"response: TykResponseObject, session_meta: Record<string, unknown> | null | undefined): string;": 2,
		"fn: (...args: any[]) => void, ms?: number, ...args: any[]): number;":                             1,
		"): void;": 0,
		"input: string | URL | Request, init?: RequestInit): Promise<Response>;": 1,
		"value: T): T;": 1,
		"key: string, sessionJSON: string, suppressReset?: string): void;": 2,
	} {
		if got := requiredParams(in); got != want {
			t.Errorf("requiredParams(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestDeclaredGlobalsExist: every global types/*.d.ts declares exists in a
// runtime, functions and classes are callable with the declared number of
// required parameters as their length, and values are objects.
func TestDeclaredGlobalsExist(t *testing.T) {
	decls := readDeclarations(t)
	names := make([]string, len(decls))
	for i, d := range decls {
		names[i] = d.name
	}
	// The script names each global (not globalThis[n], which would give
	// the pool every optional area): a pool installs the areas its
	// scripts name, and must then hold every global declared.
	var reads strings.Builder
	for _, n := range names {
		key, _ := json.Marshal(n)
		fmt.Fprintf(&reads, "describe(%s, typeof %s === \"undefined\" ? undefined : %s);\n", key, n, n)
	}
	p := newTestPool(t, nil, veSource(`var out = {};
		function describe(n, v) { out[n] = {type: typeof v, length: typeof v === "function" ? v.length : -1}; }
		`+reads.String()+`
		return JSON.stringify(out);`))
	if got := p.globals.areas; got != allAreas {
		t.Errorf("a pool naming every declared global installs the areas %v, want every one", got)
	}
	resp, err := call(t, p, "run", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]struct {
		Type   string `json:"type"`
		Length int    `json:"length"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &got); err != nil {
		t.Fatalf("%v: %s", err, resp.Body)
	}
	sort.Slice(decls, func(i, j int) bool { return decls[i].name < decls[j].name })
	for _, d := range decls {
		g := got[d.name]
		switch d.kind {
		case "function", "class":
			if g.Type != "function" {
				t.Errorf("%s declares %s %s, the runtime has a %s", d.file, d.kind, d.name, g.Type)
			} else if g.Length != d.arity {
				t.Errorf("%s declares %s %s with %d required parameters, the runtime's has length %d", d.file, d.kind, d.name, d.arity, g.Length)
			}
		default:
			if g.Type != "object" && g.Type != "function" {
				t.Errorf("%s declares %s %s, the runtime has a %s", d.file, d.kind, d.name, g.Type)
			}
		}
	}
}
