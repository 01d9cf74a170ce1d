package weburl

import (
	"encoding/json"
	"os"
	"testing"
)

// wptCase is one case of testdata/urltestdata.json, in the format of
// web-platform-tests' url/resources/urltestdata.json.
type wptCase struct {
	Input        string  `json:"input"`
	Base         *string `json:"base"`
	Failure      bool    `json:"failure"`
	Href         *string `json:"href"`
	Origin       *string `json:"origin"`
	Protocol     *string `json:"protocol"`
	Username     *string `json:"username"`
	Password     *string `json:"password"`
	Host         *string `json:"host"`
	Hostname     *string `json:"hostname"`
	Port         *string `json:"port"`
	Pathname     *string `json:"pathname"`
	Search       *string `json:"search"`
	Hash         *string `json:"hash"`
	SearchParams *string `json:"searchParams"`
}

func loadWPTCases(t testing.TB) []wptCase {
	t.Helper()
	data, err := os.ReadFile("testdata/urltestdata.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	var cases []wptCase
	for _, r := range raw {
		if len(r) > 0 && r[0] == '"' {
			continue // a comment
		}
		var c wptCase
		if err := json.Unmarshal(r, &c); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	return cases
}

// parseWithBase parses as new URL(input, base) does.
func parseWithBase(input string, base *string) (*URL, error) {
	var b *URL
	if base != nil {
		var err error
		if b, err = Parse(*base, nil); err != nil {
			return nil, err
		}
	}
	return Parse(input, b)
}

func TestWPTURLTestData(t *testing.T) {
	t.Parallel()
	cases := loadWPTCases(t)
	if len(cases) < 200 {
		t.Fatalf("only %d cases loaded", len(cases))
	}
	for _, c := range cases {
		u, err := parseWithBase(c.Input, c.Base)
		if c.Failure {
			if err == nil {
				t.Errorf("%q (base %v): got %q, want failure", c.Input, deref(c.Base), u.String())
			}
			continue
		}
		if err != nil {
			t.Errorf("%q (base %v): %v", c.Input, deref(c.Base), err)
			continue
		}
		checks := []struct {
			name string
			want *string
			got  string
		}{
			{"href", c.Href, u.String()},
			{"origin", c.Origin, u.Origin()},
			{"protocol", c.Protocol, u.Scheme + ":"},
			{"username", c.Username, u.Username},
			{"password", c.Password, u.Password},
			{"host", c.Host, u.HostPort()},
			{"hostname", c.Hostname, u.Host},
			{"port", c.Port, u.PortString()},
			{"pathname", c.Pathname, u.Pathname()},
			{"search", c.Search, u.Search()},
			{"hash", c.Hash, u.Hash()},
		}
		if c.SearchParams != nil {
			q := ""
			if u.Query != nil {
				q = *u.Query
			}
			checks = append(checks, struct {
				name string
				want *string
				got  string
			}{"searchParams", c.SearchParams, SerializeForm(ParseForm(q))})
		}
		for _, ch := range checks {
			if ch.want != nil && *ch.want != ch.got {
				t.Errorf("%q (base %v): %s = %q, want %q", c.Input, deref(c.Base), ch.name, ch.got, *ch.want)
			}
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}
