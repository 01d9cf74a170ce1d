package depcheck

import (
	"regexp"
	"strings"
)

// semver is a parsed semantic version "vMAJOR[.MINOR[.PATCH]][-PRE][+BUILD]"
// as the go command accepts it: "v1" and "v1.2" are shorthands for v1.0.0
// and v1.2.0, and take no prerelease or build.
type semver struct {
	major, minor, patch string
	pre                 string // without the leading '-'
	build               string // without the leading '+'
}

// parseSemver parses v, reporting whether it is valid.
func parseSemver(v string) (semver, bool) {
	var s semver
	if !strings.HasPrefix(v, "v") {
		return s, false
	}
	rest := v[1:]
	var ok bool
	if s.major, rest, ok = parseNum(rest); !ok {
		return s, false
	}
	if rest == "" {
		s.minor, s.patch = "0", "0"
		return s, true
	}
	if rest[0] != '.' {
		return s, false
	}
	if s.minor, rest, ok = parseNum(rest[1:]); !ok {
		return s, false
	}
	if rest == "" {
		s.patch = "0"
		return s, true
	}
	if rest[0] != '.' {
		return s, false
	}
	if s.patch, rest, ok = parseNum(rest[1:]); !ok {
		return s, false
	}
	if strings.HasPrefix(rest, "-") {
		end := strings.IndexByte(rest, '+')
		if end < 0 {
			end = len(rest)
		}
		s.pre, rest = rest[1:end], rest[end:]
		if !validIdents(s.pre, true) {
			return s, false
		}
	}
	if strings.HasPrefix(rest, "+") {
		s.build, rest = rest[1:], ""
		if !validIdents(s.build, false) {
			return s, false
		}
	}
	return s, rest == ""
}

// parseNum reads a decimal number without leading zeros.
func parseNum(s string) (num, rest string, ok bool) {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == 0 || (s[0] == '0' && i > 1) {
		return "", s, false
	}
	return s[:i], s[i:], true
}

// validIdents checks dot-separated identifiers of [0-9A-Za-z-]; in a
// prerelease, numeric identifiers may not have leading zeros.
func validIdents(s string, pre bool) bool {
	if s == "" {
		return false
	}
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-') {
				return false
			}
		}
		if pre && isNumeric(id) && len(id) > 1 && id[0] == '0' {
			return false
		}
	}
	return true
}

// isNumeric reports whether id is all digits.
func isNumeric(id string) bool {
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return id != ""
}

// IsValid reports whether v is a valid module version ("v1.2.3",
// "v0.0.0-20241024094426-79f3a7efcdbd", "v2.1.4+incompatible", ...).
func IsValid(v string) bool {
	_, ok := parseSemver(v)
	return ok
}

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than w
// in Go's module version order. Build metadata such as +incompatible is
// ignored; a prerelease (including every pseudo-version built on a tag)
// sorts before its release. An invalid version sorts before every valid one
// and equal to another invalid one, as in golang.org/x/mod/semver.
func Compare(v, w string) int {
	a, aok := parseSemver(v)
	b, bok := parseSemver(w)
	if c, decided := compareValidity(aok, bok); decided {
		return c
	}
	if c := compareNum(a.major, b.major); c != 0 {
		return c
	}
	if c := compareNum(a.minor, b.minor); c != 0 {
		return c
	}
	if c := compareNum(a.patch, b.patch); c != 0 {
		return c
	}
	return comparePre(a.pre, b.pre)
}

// compareNum compares decimal strings without leading zeros, of any length.
func compareNum(a, b string) int {
	if len(a) != len(b) {
		return sign(len(a) - len(b))
	}
	return strings.Compare(a, b)
}

// comparePre orders prereleases by semver §11: no prerelease is highest;
// identifiers compare numerically when both are numeric, numeric ones sort
// before alphanumeric ones, and a shorter list sorts first on a tie.
func comparePre(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, y := as[i], bs[i]
		if x == y {
			continue
		}
		xn, yn := isNumeric(x), isNumeric(y)
		switch {
		case xn && yn:
			return compareNum(x, y)
		case xn:
			return -1
		case yn:
			return 1
		default:
			return strings.Compare(x, y)
		}
	}
	return sign(len(as) - len(bs))
}

// sign maps an int to -1, 0 or +1.
func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// pseudoRE matches the three pseudo-version forms: vX.0.0-TIME-REV,
// vX.Y.Z-PRE.0.TIME-REV and vX.Y.Z-0.TIME-REV, with optional build metadata.
var pseudoRE = regexp.MustCompile(`^v[0-9]+\.(?:0\.0-|[0-9]+\.[0-9]+-(?:[^+]*\.)?0\.)([0-9]{14})-([A-Za-z0-9]+)(?:\+[0-9A-Za-z.-]+)?$`)

// Pseudo describes a pseudo-version: a commit without a tag.
type Pseudo struct {
	// Time is the commit time as written, "yyyymmddhhmmss" UTC.
	Time string
	// Rev is the abbreviated commit hash.
	Rev string
}

// ParsePseudo reports whether v is a pseudo-version and, if so, its commit.
func ParsePseudo(v string) (Pseudo, bool) {
	if !IsValid(v) {
		return Pseudo{}, false
	}
	m := pseudoRE.FindStringSubmatch(v)
	if m == nil {
		return Pseudo{}, false
	}
	return Pseudo{Time: m[1], Rev: m[2]}, true
}

// describe renders a version for messages, spelling out pseudo-versions.
func describe(v string) string {
	p, ok := ParsePseudo(v)
	if !ok {
		return v
	}
	t := p.Time
	return v + " (commit " + p.Rev + " of " + t[0:4] + "-" + t[4:6] + "-" + t[6:8] + ")"
}

// compareValidity orders invalid versions first (and equal to each other);
// decided is false when both are valid and must be compared.
func compareValidity(aok, bok bool) (c int, decided bool) {
	switch {
	case !aok && !bok:
		return 0, true
	case !aok:
		return -1, true
	case !bok:
		return 1, true
	}
	return 0, false
}
