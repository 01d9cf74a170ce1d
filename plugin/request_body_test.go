package plugin

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/vm"
)

// unsized hides a body's length, as a chunked request does.
type unsized struct{ io.Reader }

func TestReadBody(t *testing.T) {
	t.Parallel()
	const limit = 64
	for _, tc := range []struct {
		name      string
		size      int
		length    int64 // the Content-Length the request claims; -2: the real one
		tooLarge  bool
		chunkSize int // read by the reader at most per call (0: all)
	}{
		{"empty", 0, -2, false, 0},
		{"small", 10, -2, false, 0},
		{"at the limit", limit, -2, false, 0},
		{"one past the limit", limit + 1, -2, true, 0},
		{"far past the limit", 10 * limit, -2, true, 0},
		{"unknown length", 40, -1, false, 3},
		{"unknown length past the limit", 1000, -1, true, 7},
		{"length understated", 50, 5, false, 0},
		{"length overstated", 5, 50, false, 0},
		{"length over the limit, body small", 5, 10 * limit, false, 0},
		{"trickled", limit, -2, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := bytes.Repeat([]byte("abcdefghij"), tc.size/10+1)[:tc.size]
			var rd io.Reader = bytes.NewReader(body)
			if tc.chunkSize > 0 {
				rd = &trickle{b: body, n: tc.chunkSize}
			}
			r := httptest.NewRequest(http.MethodPost, "/x", unsized{rd})
			r.ContentLength = int64(tc.size)
			if tc.length != -2 {
				r.ContentLength = tc.length
			}
			got, err := readBody(r, limit)
			if tc.tooLarge != errors.Is(err, ErrRequestTooLarge) || (err != nil && !tc.tooLarge) {
				t.Fatalf("err = %v, want too large: %v", err, tc.tooLarge)
			}
			if err == nil && !bytes.Equal(got, body) {
				t.Fatalf("read %q, want %q", got, body)
			}
			again, rerr := io.ReadAll(r.Body)
			if rerr != nil || !bytes.Equal(again, body) {
				t.Fatalf("the body handed on is %q (%v), want %q", again, rerr, body)
			}
			if r.Body.Close() != nil {
				t.Fatal("closing the replayed body failed")
			}
		})
	}
}

// trickle returns at most n bytes per Read.
type trickle struct {
	b []byte
	n int
}

func (t *trickle) Read(p []byte) (int, error) {
	if len(t.b) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), t.n)], t.b)
	t.b = t.b[k:]
	return k, nil
}

// TestHasFormBody holds the prefix check to mime.ParseMediaType, the
// reference it replaces on the hot path.
func TestHasFormBody(t *testing.T) {
	t.Parallel()
	for _, ct := range []string{"", "application/json", "application/x-www-form-urlencoded",
		"Application/X-WWW-Form-URLEncoded; charset=utf-8", "  application/x-www-form-urlencoded", "\tapplication/x-www-form-urlencoded ;a=b",
		"application/x-www-form-urlencoded;", "application/x-www-form-urlencoded; charset", "application/x-www-form-urlencodedx",
		"application/x-www-form-urlencoded/x", "multipart/form-data; boundary=x", "application/x-www-form", "text/plain",
		"application/x-www-form-urlencoded\x00", "application/x-www-form-urlencoded; a=\"unterminated"} {
		for _, method := range []string{http.MethodPost, http.MethodGet, http.MethodPut, http.MethodPatch} {
			r := httptest.NewRequest(method, "/x", nil)
			r.Header.Set("Content-Type", ct)
			mt, _, err := mime.ParseMediaType(ct)
			want := err == nil && mt == formType && method != http.MethodGet
			if got := hasFormBody(r); got != want {
				t.Errorf("%s %q: %v, want %v", method, ct, got, want)
			}
		}
	}
}

// TestWriteResponseHeaders: names canonical unless raw, Server, Date,
// Content-Length and the rate limit headers as http.Header.Set writes them,
// and each value its own slice (an Add appends to that header only).
func TestWriteResponseHeaders(t *testing.T) {
	t.Parallel()
	for _, raw := range []bool{false, true} {
		w := httptest.NewRecorder()
		resp := &vm.Response{Code: 201, Body: "hello", Headers: map[string]string{"x-lower": "a", "X-Upper": "b", "content-length": "999"}}
		writeResponse(w, resp, raw, quota{max: 10, remaining: 4, renews: 7, ok: true})
		h := w.Result().Header
		lower := "X-Lower"
		if raw {
			lower = "x-lower"
		}
		want := map[string]string{lower: "a", "X-Upper": "b", "Server": "tyk", "Content-Length": "5",
			"X-Ratelimit-Limit": "10", "X-Ratelimit-Remaining": "4", "X-Ratelimit-Reset": "7"}
		for k, v := range want {
			if got := h[k]; len(got) != 1 || got[0] != v {
				t.Errorf("raw=%v: %s = %q, want [%q]", raw, k, got, v)
			}
		}
		if _, err := http.ParseTime(h.Get("Date")); err != nil {
			t.Errorf("raw=%v: Date %q: %v", raw, h.Get("Date"), err)
		}
		if w.Code != 201 || w.Body.String() != "hello" {
			t.Errorf("raw=%v: answered %d %q", raw, w.Code, w.Body.String())
		}
		hw := w.Header()
		hw.Add("X-Upper", "c")
		if got := strings.Join(hw["Server"], ","); got != "tyk" {
			t.Errorf("raw=%v: adding to X-Upper changed Server to %q", raw, got)
		}
	}
}
