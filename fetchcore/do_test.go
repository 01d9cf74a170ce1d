package fetchcore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
	"github.com/tyk-ve/tyk-ve/outbound"
)

// redirector answers /hop/N with a redirect to /hop/N-1 and /hop/0 with
// the request it got.
func redirector(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/")); err == nil && n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		fmt.Fprintf(w, "%s %s %s auth=%q", r.Method, r.URL.Path, body, r.Header.Get("Authorization"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func mustRequest(t *testing.T, method, u string, body []byte, mode RedirectMode) *Request {
	t.Helper()
	r, err := NewRequest(method, u, http.Header{"Authorization": {"Bearer x"}}, body, mode)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDoRedirects(t *testing.T) {
	srv := redirector(t)
	tests := []struct {
		name       string
		path       string
		mode       RedirectMode
		status     int
		body       string
		redirected bool
		finalPath  string
		err        error
	}{
		{name: "no redirect", path: "/hop/0", status: 200, body: `GET /hop/0  auth="Bearer x"`, finalPath: "/hop/0"},
		{name: "follow 20", path: "/hop/20", status: 200, body: `GET /hop/0  auth="Bearer x"`, redirected: true, finalPath: "/hop/0"},
		{name: "follow 21 refused", path: "/hop/21", err: ErrTooManyRedirects},
		{name: "manual", path: "/hop/3", mode: RedirectManual, status: 302, finalPath: "/hop/3"},
		{name: "error", path: "/hop/1", mode: RedirectError, err: ErrRedirect},
		{name: "error mode without redirect", path: "/hop/0", mode: RedirectError, status: 200, body: `GET /hop/0  auth="Bearer x"`, finalPath: "/hop/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := Do(context.Background(), outbound.DefaultClient(), mustRequest(t, "GET", srv.URL+tt.path, nil, tt.mode), 0)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != tt.status || resp.Redirected != tt.redirected || resp.URL != srv.URL+tt.finalPath {
				t.Errorf("got status %d redirected %v url %s", resp.Status, resp.Redirected, resp.URL)
			}
			if tt.body != "" && string(resp.Body) != tt.body {
				t.Errorf("body = %q, want %q", resp.Body, tt.body)
			}
			if tt.mode == RedirectManual && resp.Header.Get("Location") != "/hop/2" {
				t.Errorf("manual: Location = %q", resp.Header.Get("Location"))
			}
		})
	}
}

func TestDoPostRedirectBecomesGet(t *testing.T) {
	srv := redirector(t)
	resp, err := Do(context.Background(), outbound.DefaultClient(), mustRequest(t, "POST", srv.URL+"/hop/1", []byte("data"), ""), 0)
	if err != nil {
		t.Fatal(err)
	}
	// 302 after POST: the standard (and Go) switch to GET without a body.
	if got := string(resp.Body); got != `GET /hop/0  auth="Bearer x"` {
		t.Errorf("body = %q", got)
	}
}

func TestDoResponse(t *testing.T) {
	srv := redirector(t)
	resp, err := Do(context.Background(), outbound.DefaultClient(), mustRequest(t, "PUT", srv.URL+"/hop/0", []byte("data"), ""), 0)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || resp.StatusText != "OK" || string(resp.Body) != `PUT /hop/0 data auth="Bearer x"` {
		t.Errorf("got %d %q %q", resp.Status, resp.StatusText, resp.Body)
	}
	if got := resp.Header.Values("Set-Cookie"); len(got) != 2 {
		t.Errorf("Set-Cookie = %q, want both", got)
	}
}

func TestDoBodyCap(t *testing.T) {
	big := strings.Repeat("x", 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.(http.Flusher).Flush() // no Content-Length
		}
		io.WriteString(w, big)
	}))
	defer srv.Close()
	for _, path := range []string{"/length", "/chunked"} {
		for _, limit := range []int64{99, 100} {
			resp, err := Do(context.Background(), outbound.DefaultClient(), mustRequest(t, "GET", srv.URL+path, nil, ""), limit)
			if limit == 99 && !errors.Is(err, ErrBodyTooLarge) {
				t.Errorf("%s cap %d: err = %v, want ErrBodyTooLarge", path, limit, err)
			}
			if limit == 100 && (err != nil || len(resp.Body) != 100) {
				t.Errorf("%s cap %d: err = %v", path, limit, err)
			}
		}
	}
}

func TestDoAddressPolicy(t *testing.T) {
	for _, u := range []string{"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]:80/"} {
		_, err := Do(context.Background(), outbound.DefaultClient(), mustRequest(t, "GET", u, nil, ""), 0)
		var refused *outbound.AddressRefusedError
		if !errors.As(err, &refused) {
			t.Errorf("%s: err = %v, want AddressRefusedError", u, err)
		}
	}
}

func TestDoRedirectToRefusedAddress(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	}))
	defer srv.Close()
	_, err := Do(context.Background(), outbound.DefaultClient(), mustRequest(t, "GET", srv.URL, nil, ""), 0)
	if !errors.Is(err, outbound.ErrAddressRefused) {
		t.Errorf("err = %v, want the address refused", err)
	}
}

func TestDoCancelled(t *testing.T) {
	gate := testutil.NewGateUpstream(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Do(ctx, outbound.DefaultClient(), mustRequest(t, "GET", gate.URL, nil, ""), 0)
		done <- err
	}()
	gate.WaitArrived(t, 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestDoDoesNotChangeTheClient(t *testing.T) {
	c := outbound.DefaultClient()
	srv := redirector(t)
	if _, err := Do(context.Background(), c, mustRequest(t, "GET", srv.URL+"/hop/1", nil, RedirectManual), 0); err != nil {
		t.Fatal(err)
	}
	if c.CheckRedirect != nil {
		t.Error("the shared client's CheckRedirect was changed")
	}
}
