package tykapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzMakeHttpRequestInput fuzzes the decoding of TykMakeHttpRequest's
// argument into a request; it never touches the network.
func FuzzMakeHttpRequestInput(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "http_request", "*.json"))
	for _, path := range seeds {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), false)
		f.Add(string(b), true)
	}
	f.Add(`{"Domain":"http://h","Resource":"/%zz"}`, false)
	f.Add(`{"Headers":{"bad key":"v\r\nX: y"},"Domain":"http://h"}`, false)
	f.Add(`null`, true)
	f.Fuzz(func(t *testing.T, input string, raw bool) {
		req, err := buildHTTPRequest(context.Background(), input, raw)
		if err != nil {
			var stage *requestStageError
			if !errors.As(err, &stage) || stage.Message == "" {
				t.Fatalf("error without a stage message: %v", err)
			}
			return
		}
		if req.URL == nil || req.Method == "" || req.Context() == nil {
			t.Fatalf("incomplete request: %+v", req)
		}
		var in tykHTTPRequest
		_ = json.Unmarshal([]byte(input), &in)
		if len(req.Header) != len(in.Headers) && !(len(in.Headers) > len(req.Header) && !raw) {
			// Only canonicalisation may merge names; nothing is added.
			t.Fatalf("headers %v from %v", req.Header, in.Headers)
		}
		for k := range req.Header {
			if strings.EqualFold(k, "Content-Type") && !hasFold(in.Headers, k) {
				t.Fatal("Content-Type added")
			}
		}
		if !raw {
			for k := range req.Header {
				if c := http.CanonicalHeaderKey(k); c != k {
					t.Fatalf("header %q not canonical (%q)", k, c)
				}
			}
		}
	})
}

func hasFold(m map[string]string, key string) bool {
	for k := range m {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}
