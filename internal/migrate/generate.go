package migrate

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"

	"github.com/tyk-ve/tyk-ve/plugin"
)

// paramSegment is a {name} path segment.
var paramSegment = regexp.MustCompile(`\{([^}/]*)\}`)

// sampleBody is the JSON body generated for POST, PUT and PATCH: it holds
// the characters Tyk's engine escapes (<, >, &) so echoing endpoints show
// the difference.
const sampleBody = `{"id":1,"name":"example","note":"<b>fish & chips</b>","tags":["a","b"]}`

// GenerateSamples makes one or two requests for an endpoint from its path
// pattern: {name} segments get a value ("1" for id-like names, else
// "example"), regular expression parts a matching literal, /* a segment.
// The first request is the bare path (with a JSON body for POST, PUT and
// PATCH), the second adds a query string.
func GenerateSamples(apiID, listenPath string, e plugin.EndpointConfig) []Sample {
	path := literalPath(e.Path)
	full := joinListenPath(listenPath, path)
	first := Sample{APIID: apiID, Method: e.Method, Path: full, Headers: map[string]string{"Accept": "application/json"}}
	switch e.Method {
	case "POST", "PUT", "PATCH":
		first.Headers["Content-Type"] = "application/json"
		first.Body = sampleBody
	}
	second := first
	second.Headers = map[string]string{}
	for k, v := range first.Headers {
		second.Headers[k] = v
	}
	second.Query = "page=2&q=%3Ca%26b%3E"
	return []Sample{first, second}
}

// literalPath turns a Tyk path pattern into a path that matches it.
func literalPath(pattern string) string {
	p := strings.TrimPrefix(pattern, "^")
	p = strings.TrimSuffix(p, "$")
	p = paramSegment.ReplaceAllStringFunc(p, func(seg string) string {
		return paramValue(seg[1 : len(seg)-1])
	})
	p = strings.ReplaceAll(p, "/*", "/anything")
	if strings.HasSuffix(p, "*") && !strings.HasSuffix(p, ".*") {
		p = strings.TrimSuffix(p, "*")
	}
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return ensureSlash(p)
	}
	var b strings.Builder
	literal(&b, re.Simplify())
	out := ensureSlash(b.String())
	// The generated path must match the pattern as the router compiles it;
	// if the walk could not honour it, the pattern's text is the best guess.
	if m, err := regexp.Compile(p); err == nil && !m.MatchString(out) {
		return ensureSlash(p)
	}
	return out
}

func ensureSlash(p string) string {
	if !strings.HasPrefix(p, "/") {
		return "/" + p
	}
	return p
}

// paramValue is the value of a {name} segment.
func paramValue(name string) string {
	n := strings.ToLower(name)
	if n == "id" || strings.HasSuffix(n, "id") || strings.HasSuffix(n, "_id") {
		return "1"
	}
	return "example"
}

// literal writes a string the regular expression matches: literals as they
// are, the first alternative, the minimum of each repetition (one for +),
// a readable character from each class.
func literal(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		b.WriteRune(classRune(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('x')
	case syntax.OpCapture:
		literal(b, re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			literal(b, s)
		}
	case syntax.OpAlternate:
		literal(b, re.Sub[0])
	case syntax.OpPlus:
		literal(b, re.Sub[0])
	case syntax.OpRepeat:
		for i := 0; i < re.Min; i++ {
			literal(b, re.Sub[0])
		}
	}
	// Star, Quest, empty matches and anchors add nothing.
}

// classRune picks a readable rune from a character class (pairs of ranges).
func classRune(ranges []rune) rune {
	in := func(r rune) bool {
		for i := 0; i+1 < len(ranges); i += 2 {
			if r >= ranges[i] && r <= ranges[i+1] {
				return true
			}
		}
		return false
	}
	for _, r := range "a1x-_.A" {
		if in(r) {
			return r
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r-ranges[i] < 256; r++ {
			if unicode.IsPrint(r) && r != '/' && r != '?' && r != '#' {
				return r
			}
		}
	}
	if len(ranges) > 0 {
		return ranges[0]
	}
	return 'x'
}

// joinListenPath prefixes the listen path (Tyk matches endpoint paths with
// the listen path stripped).
func joinListenPath(listenPath, path string) string {
	lp := strings.TrimSuffix(listenPath, "/")
	if lp == "" {
		return path
	}
	return lp + path
}
