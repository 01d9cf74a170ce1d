package vm

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/internal/dts"
)

// TestDeclaredGlobalsExist: every global types/*.d.ts declares exists in a
// runtime, functions and classes are callable with the declared number of
// required parameters as their length, and values are objects.
func TestDeclaredGlobalsExist(t *testing.T) {
	decls, err := dts.ReadDir(filepath.Join("..", "types"))
	if err != nil || len(decls) == 0 {
		t.Fatalf("reading types/*.d.ts: %d declarations, %v", len(decls), err)
	}
	names := make([]string, len(decls))
	for i, d := range decls {
		names[i] = d.Name
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
	sort.Slice(decls, func(i, j int) bool { return decls[i].Name < decls[j].Name })
	for _, d := range decls {
		g := got[d.Name]
		switch d.Kind {
		case "function", "class":
			if g.Type != "function" {
				t.Errorf("%s declares %s %s, the runtime has a %s", d.File, d.Kind, d.Name, g.Type)
			} else if g.Length != d.Arity {
				t.Errorf("%s declares %s %s with %d required parameters, the runtime's has length %d", d.File, d.Kind, d.Name, d.Arity, g.Length)
			}
		default:
			if g.Type != "object" && g.Type != "function" {
				t.Errorf("%s declares %s %s, the runtime has a %s", d.File, d.Kind, d.Name, g.Type)
			}
		}
	}
}
