package depcheck

import (
	"strconv"
	"strings"
)

// goVersion is a parsed Go toolchain or language version: "1.23",
// "1.23.10", "1.24rc1".
type goVersion struct {
	major, minor, patch int
	kind                int // 0 language version ("1.23"), 1 alpha, 2 beta, 3 rc, 4 release
	pre                 int
}

// parseGo parses a go directive value, reporting whether it is valid.
func parseGo(v string) (goVersion, bool) {
	var g goVersion
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return g, false
	}
	var err error
	if g.major, err = strconv.Atoi(parts[0]); err != nil {
		return g, false
	}
	minor := parts[1]
	if len(parts) == 3 {
		if g.minor, err = strconv.Atoi(minor); err != nil {
			return g, false
		}
		if g.patch, err = strconv.Atoi(parts[2]); err != nil {
			return g, false
		}
		g.kind = 4
		return g, true
	}
	for i, k := range []string{"alpha", "beta", "rc"} {
		if idx := strings.Index(minor, k); idx > 0 {
			if g.pre, err = strconv.Atoi(minor[idx+len(k):]); err != nil {
				return g, false
			}
			minor, g.kind = minor[:idx], i+1
			break
		}
	}
	if g.minor, err = strconv.Atoi(minor); err != nil {
		return g, false
	}
	return g, true
}

// CompareGo orders Go versions as the go command does: 1.21 < 1.21rc1 <
// 1.21.0 < 1.21.1. An invalid version sorts first.
func CompareGo(v, w string) int {
	a, aok := parseGo(v)
	b, bok := parseGo(w)
	if c, decided := compareValidity(aok, bok); decided {
		return c
	}
	for _, d := range []int{a.major - b.major, a.minor - b.minor, a.kind - b.kind, a.patch - b.patch, a.pre - b.pre} {
		if d != 0 {
			return sign(d)
		}
	}
	return 0
}
