package weburl

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// lower is the case mapping of UTS #46's approximation (lower-casing, not
// folding: nontransitional processing keeps ß and ς).
var lower = cases.Lower(language.Und)

// domainToASCII is the standard's "domain to ASCII" with beStrict false:
// ASCII domains (no label starting xn--) are only lower-cased; others are
// mapped (see the package doc for the approximation) and each non-ASCII
// label is Punycode-encoded. Forbidden domain code points fail.
func domainToASCII(domain string) (string, error) {
	var out string
	if isASCII(domain) && !hasPunycodeLabel(domain) {
		out = strings.ToLower(domain)
	} else {
		mapped := uts46Map(domain)
		labels := strings.Split(mapped, ".")
		for i, l := range labels {
			a, err := labelToASCII(l)
			if err != nil {
				return "", err
			}
			labels[i] = a
		}
		out = strings.Join(labels, ".")
	}
	if out == "" || strings.IndexFunc(out, forbiddenDomain) >= 0 {
		return "", ErrInvalid
	}
	return out, nil
}

// uts46Map approximates UTS #46 mapping: default-ignorable code points
// removed, NFKC and lower-casing, the full stops mapped to '.'.
func uts46Map(s string) string {
	s = strings.Map(func(r rune) rune {
		if ignorable(r) {
			return -1
		}
		return r
	}, s)
	s = norm.NFKC.String(lower.String(norm.NFKC.String(s)))
	return strings.Map(mapDots, s)
}

// ignorable reports the default-ignorable code points UTS #46 maps to
// nothing (format characters and variation selectors), except the joiners
// ZWNJ and ZWJ, which it keeps.
func ignorable(r rune) bool {
	if r == '\u200C' || r == '\u200D' {
		return false
	}
	return r == '\u00AD' || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// disallowed approximates UTS #46's disallowed code points: controls,
// surrogates, private use, unassigned, noncharacters and U+FFFD.
func disallowed(r rune) bool {
	switch {
	case r == utf8.RuneError, r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
		return true
	case unicode.In(r, unicode.Cc, unicode.Cs, unicode.Co):
		return true
	}
	return !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs)
}

// mapDots maps the ideographic and fullwidth full stops to '.' (UTS #46).
func mapDots(r rune) rune {
	switch r {
	case '\u3002', '\uFF0E', '\uFF61':
		return '.'
	}
	return r
}

func hasPunycodeLabel(domain string) bool {
	for _, l := range strings.Split(domain, ".") {
		if len(l) >= 4 && strings.EqualFold(l[:4], "xn--") {
			return true
		}
	}
	return false
}

// labelToASCII encodes a non-ASCII label and checks an xn-- label decodes
// to a label that is not ASCII.
func labelToASCII(l string) (string, error) {
	if isASCII(l) {
		if len(l) >= 4 && strings.EqualFold(l[:4], "xn--") {
			dec, err := punycodeDecode(l[4:])
			if err != nil || isASCII(dec) || dec != uts46Map(dec) || strings.IndexFunc(dec, disallowed) >= 0 {
				return "", ErrInvalid
			}
			return strings.ToLower(l), nil
		}
		return l, nil
	}
	if strings.IndexFunc(l, forbiddenDomain) >= 0 || strings.IndexFunc(l, disallowed) >= 0 {
		return "", ErrInvalid
	}
	enc, err := punycodeEncode(l)
	if err != nil {
		return "", err
	}
	return "xn--" + enc, nil
}
