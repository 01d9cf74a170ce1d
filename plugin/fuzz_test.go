package plugin

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzParseConfig: the tyk_ve parser and validator never panic, and whatever
// they accept validates again after a round trip.
func FuzzParseConfig(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/config/*.json")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"endpoints":[{"path":"/{a}/*","method":"GET","response_function_name":"f","function_source_type":"inline","function_source":"x"}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		cfg, err := ParseConfig(raw)
		if err != nil {
			return
		}
		again, err := json.Marshal(cfg)
		if err != nil {
			t.Fatalf("accepted config does not marshal: %v", err)
		}
		if _, err := ParseConfig(again); err != nil {
			t.Fatalf("accepted config fails after a round trip: %v\n%s", err, again)
		}
	})
}

// FuzzParseDefinition: definition files never panic the parser.
func FuzzParseDefinition(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/definitions/*.json")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		def, err := ParseDefinition(raw)
		if err == nil && def.APIID == "" {
			t.Fatal("accepted a definition without an API ID")
		}
	})
}

// FuzzRequestObject: any header, query and body maps to valid UTF-8 strings
// without panicking, and the body handed on to the upstream is unchanged.
func FuzzRequestObject(f *testing.F) {
	f.Add("a=1&b=%zz", "application/x-www-form-urlencoded", []byte("c=3&d"), "X-K", "v")
	f.Add("", "text/plain", []byte{0xff, 0xfe, 'x'}, "X-Bin", "\x00")
	f.Fuzz(func(t *testing.T, query, ctype string, body []byte, hk, hv string) {
		r := httptest.NewRequest(http.MethodPost, "/x", bytes.NewReader(body))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", ctype)
		if hk != "" {
			r.Header[hk] = []string{hv}
		}
		got, err := readBody(r, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, body) {
			t.Fatal("body changed")
		}
		obj := NewRequestObject(r, got)
		if obj.URL == "" || obj.Params == nil && !obj.LazyParams || obj.Headers == nil {
			t.Fatalf("incomplete request object %+v", obj)
		}
		params := obj.Params
		if obj.LazyParams {
			params, _ = url.ParseQuery(obj.ParamsQuery)
		}
		if want := formParams(r, got); !reflect.DeepEqual(params, want) {
			t.Fatalf("params %v, r.Form would hold %v", params, want)
		}
		for k := range params {
			_ = utf8.ValidString(k)
		}
	})
}
