package weburl

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzParse checks that the parser never panics, that what it accepts
// serialises to an href it parses again to the same href, and, for http
// and https URLs, that net/url accepts the href with the same scheme, host
// and query (a differential check against the standard library) when
// the host is one net/url accepts.
func FuzzParse(f *testing.F) {
	for _, c := range loadWPTCases(f) {
		f.Add(c.Input, deref(c.Base))
	}
	f.Add("http://a/b?c#d", "<none>")
	f.Fuzz(func(t *testing.T, input, base string) {
		var b *string
		if base != "<none>" {
			b = &base
		}
		u, err := parseWithBase(input, b)
		if err != nil {
			return
		}
		href := u.String()
		again, err := Parse(href, nil)
		if err != nil {
			t.Fatalf("%q → %q, which does not parse: %v", input, href, err)
		}
		if again.String() != href {
			t.Fatalf("%q → %q → %q", input, href, again.String())
		}
		if u.Scheme != "http" && u.Scheme != "https" || strings.Trim(u.Host, "abcdefghijklmnopqrstuvwxyz0123456789.-[]:") != "" {
			return // net/url refuses some hosts the standard allows (` { } …)
		}
		if !validEscapes(href) {
			return // and a % not followed by two hex digits, which it keeps
		}
		std, err := url.Parse(href)
		if err != nil {
			t.Fatalf("net/url rejects %q: %v", href, err)
		}
		if std.Scheme != u.Scheme || !strings.EqualFold(std.Host, u.HostPort()) {
			t.Fatalf("%q: net/url reads scheme %q host %q, we %q %q", href, std.Scheme, std.Host, u.Scheme, u.HostPort())
		}
		if u.Query != nil && std.RawQuery != *u.Query {
			t.Fatalf("%q: net/url reads query %q, we %q", href, std.RawQuery, *u.Query)
		}
	})
}

func validEscapes(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			return false
		}
	}
	return true
}
