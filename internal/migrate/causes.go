package migrate

import (
	"bytes"
	"errors"
	"regexp"
	"strings"

	"github.com/robertkrimen/otto/ast"
	"github.com/robertkrimen/otto/parser"

	"github.com/tyk-ve/tyk-ve/internal/ottoengine"
	"github.com/tyk-ve/tyk-ve/plugin"
)

// Known causes, as the report names them (docs/migration.md explains each).
const (
	CauseES5Parse   = "ES5 parse error in otto"
	CauseOttoLoad   = "top level fails in otto"
	CauseNotFound   = "script not found"
	CauseKeyOrder   = "key order of JSON.stringify"
	CauseEscaping   = "<>& escaping"
	CauseSurrogates = "surrogate escapes"
	CauseTopLevel   = "top-level state kept between requests"
	CauseLoop       = "tyk:// loop"
	CauseStatus     = "status outside 200–999"
	CauseChunked    = "Content-Length of large bodies"
	CauseUnderscore = "underscore (_) is otto-only"
	CauseES2015     = "ES2015+ built-in missing in otto"
	CauseGoPanic    = "Go panic in Tyk's API function"
	CauseConfigKey  = "config_data.tyk_ve hidden on tyk-ve"
	CauseConfig     = "tyk-ve rejects the configuration"
)

var (
	goEscapes      = regexp.MustCompile(`\\u(003[cCeE]|0026|202[89])`)
	surrogateEsc   = regexp.MustCompile(`\\u[dD][89a-fA-F][0-9a-fA-F]{2}`)
	replacementRun = []byte("\uFFFD")
	// es2015Names are ES2015+ built-ins otto lacks; an otto TypeError or
	// ReferenceError naming one is the cause.
	es2015Names = regexp.MustCompile(`(TypeError|ReferenceError).*\b(setPrototypeOf|assign|entries|values|fromEntries|includes|find|findIndex|from|of|startsWith|endsWith|repeat|padStart|padEnd|trimStart|trimEnd|flat|flatMap|getOwnPropertySymbols|Symbol|Promise|Map|Set|WeakMap|WeakSet|Proxy|Reflect|globalThis|fetch)\b`)
)

// causes names the known causes of a difference.
func (run *apiRun) causes(label string, d *Difference, tyk, tv *capture, afterSameRun bool) []string {
	var out []string
	add := func(c string) {
		if !contains(out, c) {
			out = append(out, c)
		}
	}
	if err := run.loadErrs[label]; err != nil {
		var le *ottoengine.LoadError
		switch {
		case errors.As(err, &le) && le.Parse:
			add(CauseES5Parse)
		case errors.As(err, &le):
			add(CauseOttoLoad)
		default:
			add(CauseNotFound)
		}
	}
	if tyk.kind == ottoengine.Looped || tv.kind == ottoengine.Looped {
		add(CauseLoop)
	}
	if tyk.kind == ottoengine.Dropped || (tyk.kind == ottoengine.Responded && tyk.status < 200 && tv.kind == ottoengine.Failed) {
		add(CauseStatus)
	}
	for _, c := range []*capture{tyk, tv} {
		if c.kind == ottoengine.Failed && strings.Contains(c.err, "ReferenceError: '_' is not defined") ||
			strings.Contains(c.err, "_ is not defined") {
			add(CauseUnderscore)
		}
	}
	if tyk.kind == ottoengine.Failed && es2015Names.MatchString(tyk.err) {
		add(CauseES2015)
	}
	if strings.Contains(tv.err, plugin.ErrConfig.Error()) {
		add(CauseConfig)
	}
	if strings.Contains(tyk.err, "swallows a Go panic") {
		add(CauseGoPanic)
	}
	if d.Where == "header" && (d.Header == "Content-Length" || d.Header == "Transfer-Encoding") {
		add(CauseChunked)
	}
	if tyk.kind == ottoengine.Responded && tv.kind == ottoengine.Responded && d.Where == "body" {
		for _, c := range bodyCauses(tyk.body, tv.body) {
			add(c)
		}
	}
	if afterSameRun && run.anyTopLevel() {
		add(CauseTopLevel)
	}
	return out
}

// bodyCauses recognises what otto's JSON.stringify does differently: it
// marshals Go maps with encoding/json, so its text is tyk-ve's re-encoded
// by Go.
func bodyCauses(tyk, tv []byte) []string {
	var out []string
	if surrogateEsc.Match(tv) && bytes.Contains(tyk, replacementRun) {
		out = append(out, CauseSurrogates)
	}
	canon, ok := canonicalJSON(tv)
	if !ok {
		if goEscapes.Match(tyk) && bytes.ContainsAny(tv, "<>&\u2028\u2029") {
			out = append(out, CauseEscaping)
		}
		return out
	}
	if !bytes.Equal(canon, tyk) {
		// Not the same JSON value written two ways; say what can still be
		// seen: otto's text is always Go's (keys sorted), tyk-ve's not.
		if tykCanon, ok := canonicalJSON(tyk); ok && bytes.Equal(tykCanon, tyk) &&
			strings.Join(keySequence(tv), "\x00") != strings.Join(keySequence(canon), "\x00") {
			out = append(out, CauseKeyOrder)
		}
		if goEscapes.Match(tyk) && bytes.ContainsAny(tv, "<>&") {
			out = append(out, CauseEscaping)
		}
		if bytes.Contains(tyk, []byte(`"tyk_ve"`)) && !bytes.Contains(tv, []byte(`"tyk_ve"`)) {
			out = append(out, CauseConfigKey)
		}
		return out
	}
	if strings.Join(keySequence(tv), "\x00") != strings.Join(keySequence(canon), "\x00") {
		out = append(out, CauseKeyOrder)
	}
	if goEscapes.Match(tyk) && !goEscapes.Match(tv) {
		out = append(out, CauseEscaping)
	}
	return out
}

func (run *apiRun) anyTopLevel() bool {
	for _, v := range run.topLevel {
		if v {
			return true
		}
	}
	return false
}

// hasTopLevelCode reports whether a script does work at its top level
// beyond declaring functions and variables with literal values: work Tyk
// does once at load and tyk-ve redoes for every call.
func hasTopLevelCode(src string) bool {
	prog, err := parser.ParseFile(nil, "", src, 0)
	if err != nil {
		return false
	}
	for _, st := range prog.Body {
		switch s := st.(type) {
		case *ast.FunctionStatement, *ast.EmptyStatement:
		case *ast.VariableStatement:
			for _, e := range s.List {
				ve, ok := e.(*ast.VariableExpression)
				if !ok {
					return true
				}
				switch ve.Initializer.(type) {
				case nil, *ast.NumberLiteral, *ast.StringLiteral, *ast.BooleanLiteral, *ast.NullLiteral:
				default:
					return true
				}
			}
		default:
			return true
		}
	}
	return false
}
