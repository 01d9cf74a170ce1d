package plugin

import (
	"net/http/httptest"
	"testing"
)

func TestRouterMatchesLikeTyk(t *testing.T) {
	t.Parallel()
	yes := true
	eps := []EndpointConfig{
		{Path: "/users/{id}", Method: "GET"},
		{Path: "/files/*", Method: "GET"},
		{Path: "/users/{id}", Method: "POST"},
		{Path: "/users/me", Method: "GET"}, // shadowed: first match wins
		{Path: "/off", Method: "GET", Disabled: true},
	}
	routes := make([]Route, len(eps))
	for i, e := range eps {
		routes[i] = Route{Index: i, Label: "e" + itoa(i), Endpoint: e}
	}
	tests := []struct {
		name, method, path string
		m                  PathMatching
		want               string
	}{
		{"param segment", "GET", "/api/users/42", PathMatching{}, "e0"},
		{"first match wins", "GET", "/api/users/me", PathMatching{}, "e0"},
		{"method picks route", "POST", "/api/users/42", PathMatching{}, "e2"},
		{"wildcard", "GET", "/api/files/a/b/c", PathMatching{}, "e1"},
		{"unanchored like Tyk", "GET", "/api/x/users/42/extra", PathMatching{}, "e0"},
		{"prefix anchored", "GET", "/api/x/users/42", PathMatching{Prefix: &yes}, ""},
		{"suffix anchored", "GET", "/api/users/42/extra", PathMatching{Suffix: &yes}, ""},
		{"case-sensitive method", "get", "/api/users/42", PathMatching{}, ""},
		{"ignore case", "GET", "/api/USERS/42", PathMatching{IgnoreCase: &yes}, "e0"},
		{"disabled skipped", "GET", "/api/off", PathMatching{}, ""},
		{"raw path tried too", "GET", "/other/users/1", PathMatching{}, "e0"},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rt, err := NewRouter("/api/", routes, tc.m)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if r := rt.Match(httptest.NewRequest(tc.method, tc.path, nil)); r != nil {
				got = r.Label
			}
			if got != tc.want {
				t.Fatalf("matched %q, want %q", got, tc.want)
			}
		})
	}
}

func TestStripListenPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ path, lp, want string }{
		{"/api/x", "/api/", "/x"}, {"/api", "/api/", "/"}, {"/apis/x", "/api/", "/apis/x"}, {"/x", "/", "/x"},
	} {
		if got := stripListenPath(tc.path, tc.lp); got != tc.want {
			t.Errorf("strip(%q, %q) = %q, want %q", tc.path, tc.lp, got, tc.want)
		}
	}
}

func itoa(i int) string { return string(rune('0' + i)) }
