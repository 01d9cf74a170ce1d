package conformance

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// maxDiffs caps the differences reported for one JSON comparison.
const maxDiffs = 20

// diffJSON lists where got and want (decoded JSON values) differ, as
// "$.a.b[2]: got X, want Y" lines.
func diffJSON(got, want interface{}) []string {
	var out []string
	walkDiff("$", got, want, &out)
	if len(out) > maxDiffs {
		out = append(out[:maxDiffs], fmt.Sprintf("... and %d more", len(out)-maxDiffs))
	}
	return out
}

func walkDiff(path string, got, want interface{}, out *[]string) {
	switch w := want.(type) {
	case map[string]interface{}:
		g, ok := got.(map[string]interface{})
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: got %s, want an object", path, short(got)))
			return
		}
		for _, k := range unionKeys(g, w) {
			gv, gok := g[k]
			wv, wok := w[k]
			p := path + "." + k
			switch {
			case !gok:
				*out = append(*out, fmt.Sprintf("%s: missing, want %s", p, short(wv)))
			case !wok:
				*out = append(*out, fmt.Sprintf("%s: unexpected %s", p, short(gv)))
			default:
				walkDiff(p, gv, wv, out)
			}
		}
	case []interface{}:
		g, ok := got.([]interface{})
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: got %s, want an array", path, short(got)))
			return
		}
		if len(g) != len(w) {
			*out = append(*out, fmt.Sprintf("%s: got %d elements %s, want %d %s", path, len(g), short(g), len(w), short(w)))
			return
		}
		for i := range w {
			walkDiff(fmt.Sprintf("%s[%d]", path, i), g[i], w[i], out)
		}
	default:
		if !reflect.DeepEqual(got, want) {
			*out = append(*out, fmt.Sprintf("%s: got %s, want %s", path, short(got), short(want)))
		}
	}
}

func unionKeys(a, b map[string]interface{}) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// short renders v as compact JSON, truncated for messages.
func short(v interface{}) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return truncate(string(b), 200)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// lookupPath finds a dotted path in a decoded JSON value.
func lookupPath(v interface{}, path string) bool {
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]interface{})
		if !ok {
			return false
		}
		if v, ok = m[part]; !ok {
			return false
		}
	}
	return true
}
