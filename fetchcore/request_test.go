package fetchcore

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestNewRequest(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		url      string
		header   http.Header
		body     []byte
		redirect RedirectMode
		want     string // method, or the error text it must contain
		wantErr  bool
	}{
		{name: "default method", url: "http://example.com/a", want: "GET"},
		{name: "lower-case post normalised", method: "post", url: "http://example.com/", body: []byte("x"), want: "POST"},
		{name: "patch kept as written", method: "patch", url: "http://example.com/", want: "patch"},
		{name: "custom method", method: "PURGE", url: "https://example.com/", want: "PURGE"},
		{name: "connect forbidden", method: "connect", url: "http://example.com/", want: "method CONNECT is forbidden", wantErr: true},
		{name: "trace forbidden", method: "TRACE", url: "http://example.com/", want: "forbidden", wantErr: true},
		{name: "bad method", method: "GE T", url: "http://example.com/", want: "not a valid HTTP method", wantErr: true},
		{name: "relative URL", url: "/a", want: "must be absolute", wantErr: true},
		{name: "ftp scheme", url: "ftp://example.com/", want: "only http and https", wantErr: true},
		{name: "credentials", url: "http://u:p@example.com/", want: "credentials", wantErr: true},
		{name: "no host", url: "http://", want: "invalid URL", wantErr: true},
		{name: "unparsable", url: "http://[::1", want: "invalid URL", wantErr: true},
		{name: "GET with body", url: "http://example.com/", body: []byte{}, want: "cannot have a body", wantErr: true},
		{name: "HEAD with body", method: "head", url: "http://example.com/", body: []byte("x"), want: "method HEAD", wantErr: true},
		{name: "bad header name", url: "http://example.com/", header: http.Header{"a b": {"x"}}, want: "not a valid header name", wantErr: true},
		{name: "CRLF in value", url: "http://example.com/", header: http.Header{"X": {"a\r\nB: c"}}, want: "CR, LF or NUL", wantErr: true},
		{name: "bad redirect", url: "http://example.com/", redirect: "never", want: "redirect must be", wantErr: true},
		{name: "manual", url: "http://example.com/", redirect: RedirectManual, want: "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRequest(tt.method, tt.url, tt.header, tt.body, tt.redirect)
			if tt.wantErr {
				if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v, want ErrInvalid containing %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Method != tt.want {
				t.Errorf("method = %q, want %q", r.Method, tt.want)
			}
			if r.Redirect == "" || r.Header == nil {
				t.Errorf("defaults not filled: %+v", r)
			}
		})
	}
}

// TestParseURL: the WHATWG URL parser's results (what a browser's fetch
// sends), without the fragment.
func TestParseURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://example.com/a?b=1#frag": "http://example.com/a?b=1",
		"HTTP://EXAMPLE.com\\x\\y":      "http://example.com/x/y",
		"http://example.com/a b?c d":    "http://example.com/a%20b?c%20d",
		"http:///x":                     "http://x/",
		" https://h.example:443/\t\n":   "https://h.example/",
		"http://example.com/./a/../b/":  "http://example.com/b/",
		"http://[::1]:8080/":            "http://[::1]:8080/",
		"http://bücher.example/":        "http://xn--bcher-kva.example/",
	} {
		u, err := ParseURL(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := u.String(); got != want {
			t.Errorf("%q: URL = %q, want %q", in, got, want)
		}
	}
}

// FuzzNewRequest: any method, URL and header either builds a request that
// net/http accepts or fails with ErrInvalid; never a panic.
func FuzzNewRequest(f *testing.F) {
	f.Add("GET", "http://example.com/", "X-A", "b")
	f.Add("post", "https://h:1/p?q#f", "content-type", "text/plain")
	f.Add("TRACE", "javascript:alert(1)", "a b", "c\nd")
	f.Fuzz(func(t *testing.T, method, rawURL, name, value string) {
		r, err := NewRequest(method, rawURL, http.Header{name: {value}}, nil, "")
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error not ErrInvalid: %v", err)
			}
			return
		}
		if _, err := r.httpRequest(context.Background()); err != nil {
			t.Fatalf("checked request refused by net/http: %v", err)
		}
	})
}
