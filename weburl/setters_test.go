package weburl

import (
	"encoding/json"
	"os"
	"testing"
)

// setterCase is one case of testdata/setters.json (a selection from
// web-platform-tests' url/resources/setters_tests.json).
type setterCase struct {
	Attr, Href, Value string
	Expected          map[string]string
}

func loadSetterCases(t testing.TB) []setterCase {
	t.Helper()
	data, err := os.ReadFile("testdata/setters.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	var cases []setterCase
	for _, r := range raw[1:] {
		var c setterCase
		if err := json.Unmarshal(r, &c); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	return cases
}

func getter(u *URL, attr string) string {
	switch attr {
	case "href":
		return u.String()
	case "protocol":
		return u.Scheme + ":"
	case "username":
		return u.Username
	case "password":
		return u.Password
	case "host":
		return u.HostPort()
	case "hostname":
		return u.Host
	case "port":
		return u.PortString()
	case "pathname":
		return u.Pathname()
	case "search":
		return u.Search()
	case "hash":
		return u.Hash()
	}
	return "?" + attr
}

// setter runs the setter named attr; an unknown name (the fuzzer makes
// them up) or an href that does not parse leaves u as it was.
func setter(u *URL, attr, v string) {
	_ = u.Set(attr, v)
}

func TestWPTSetters(t *testing.T) {
	t.Parallel()
	for _, c := range loadSetterCases(t) {
		u, err := Parse(c.Href, nil)
		if err != nil {
			t.Fatalf("%q: %v", c.Href, err)
		}
		setter(u, c.Attr, c.Value)
		for attr, want := range c.Expected {
			if got := getter(u, attr); got != want {
				t.Errorf("new URL(%q).%s = %q: %s is %q, want %q", c.Href, c.Attr, c.Value, attr, got, want)
			}
		}
	}
}

// FuzzSetters checks that no setter panics and that every result
// serialises to an href that parses again.
func FuzzSetters(f *testing.F) {
	for _, c := range loadSetterCases(f) {
		f.Add(c.Href, c.Attr, c.Value)
	}
	f.Fuzz(func(t *testing.T, href, attr, value string) {
		u, err := Parse(href, nil)
		if err != nil {
			return
		}
		setter(u, attr, value)
		if _, err := Parse(u.String(), nil); err != nil {
			t.Fatalf("%q.%s = %q gave %q, which does not parse: %v", href, attr, value, u.String(), err)
		}
	})
}
