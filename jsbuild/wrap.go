package jsbuild

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// An ES module bundle from esbuild ends in one export clause:
//
//	export {
//	  handler,
//	  orders_default as default
//	};
//
// wrapModule turns the bundle into a classic script: the code goes inside
// a function, whose result is the exports object, so nothing but the
// exports reaches the global object:
//
//	var __tykve_module = (function () {
//	...the bundle without its export clause...
//	return { handler: handler, "default": orders_default };
//	})();
//
// The wrapper's first line shifts the code down one line; the source map
// gets an empty first line to match (shiftMapLines).

// exportClause matches the bundle's final export clause, and
// exportDefault the one statement that ends the bundle of a CommonJS
// entry (`export default require_entry();`: its module.exports).
var (
	exportClause  = regexp.MustCompile(`(^|[^\w$.])export\s*\{([^}]*)\}\s*;?\s*$`)
	exportDefault = regexp.MustCompile(`(^|[^\w$.])export default ([\w$]+\(\));?\s*$`)
)

// binding is one entry of the export clause.
type binding struct{ local, exported string }

// wrapModule returns the wrapped script (ending in a newline) and the
// export bindings, sorted by exported name.
func wrapModule(code []byte) ([]byte, []binding, error) {
	var bindings []binding
	body := code
	if m := exportClause.FindSubmatchIndex(code); m != nil {
		var err error
		if bindings, err = parseExportClause(string(code[m[4]:m[5]])); err != nil {
			return nil, nil, err
		}
		body = code[:m[3]] // keeps the separator
	} else if m := exportDefault.FindSubmatchIndex(code); m != nil {
		bindings = []binding{{local: string(code[m[4]:m[5]]), exported: "default"}}
		body = code[:m[3]]
	} else if bytes.Contains(code, []byte("\nexport ")) || bytes.HasPrefix(code, []byte("export ")) {
		return nil, nil, errors.New("unexpected esbuild output: an export that is not the final export clause")
	}
	sort.Slice(bindings, func(i, j int) bool { return bindings[i].exported < bindings[j].exported })
	var b bytes.Buffer
	fmt.Fprintf(&b, "var %s = (function () {\n", moduleGlobal)
	b.Write(body)
	if len(body) > 0 && body[len(body)-1] != '\n' {
		b.WriteByte('\n')
	}
	b.WriteString("return {")
	for i, x := range bindings {
		if i > 0 {
			b.WriteString(",")
		}
		name, _ := json.Marshal(x.exported)
		fmt.Fprintf(&b, " %s: %s", name, x.local)
	}
	b.WriteString(" };\n})();\n")
	return b.Bytes(), bindings, nil
}

var (
	identifier   = regexp.MustCompile(`^[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_]*$`)
	quotedExport = regexp.MustCompile(`^"(?:[^"\\]|\\.)*"$`)
)

// parseExportClause reads "a, b as c, d as default, e as \"x-y\"".
func parseExportClause(clause string) ([]binding, error) {
	var out []binding
	for _, item := range strings.Split(clause, ",") {
		f := strings.Fields(item)
		switch {
		case len(f) == 0:
			continue
		case len(f) == 1 && identifier.MatchString(f[0]):
			out = append(out, binding{f[0], f[0]})
		case len(f) == 3 && f[1] == "as" && identifier.MatchString(f[0]) && (identifier.MatchString(f[2]) || quotedExport.MatchString(f[2])):
			exported := f[2]
			if strings.HasPrefix(exported, `"`) {
				if err := json.Unmarshal([]byte(exported), &exported); err != nil {
					return nil, fmt.Errorf("unexpected esbuild output: export %s: %w", f[2], err)
				}
			}
			out = append(out, binding{f[0], exported})
		default:
			return nil, fmt.Errorf("unexpected esbuild output: export clause entry %q", strings.TrimSpace(item))
		}
	}
	return out, nil
}

// shiftMapLines moves a source map's generated lines down by n.
func shiftMapLines(data []byte, n int) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading esbuild's source map: %w", err)
	}
	var mappings string
	if err := json.Unmarshal(m["mappings"], &mappings); err != nil {
		return nil, fmt.Errorf("reading esbuild's source map: mappings: %w", err)
	}
	enc, err := json.Marshal(strings.Repeat(";", n) + mappings)
	if err != nil {
		return nil, err
	}
	m["mappings"] = enc
	return json.Marshal(m)
}
