package tykapi

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/dop251/goja"
)

// TestResponseRelease: a released response is emptied, the maps it gave
// back come back empty in later responses (which hold exactly their own
// members, however the earlier ones differed), a SessionMeta the caller
// kept is left alone, and responses the package did not make are not
// touched.
func TestResponseRelease(t *testing.T) {
	rt := goja.New()
	var d responseReader
	for i := 0; i < 200; i++ {
		// each round has other keys: a leftover of an earlier round shows
		n := i%5 + 1
		src := "({Body: 'b', Code: 200, Headers: {"
		want := &Response{Body: "b", Code: 200, Headers: map[string]string{}, SessionMeta: map[string]interface{}{}, owned: true}
		meta := "({"
		for k := 0; k < n; k++ {
			src += fmt.Sprintf("'H-%d-%d': 'v%d',", i, k, k)
			want.Headers[fmt.Sprintf("H-%d-%d", i, k)] = fmt.Sprintf("v%d", k)
			meta += fmt.Sprintf("m%d_%d: %d,", i, k, k)
			want.SessionMeta[fmt.Sprintf("m%d_%d", i, k)] = float64(k)
		}
		resp, ok := d.read(run(t, rt, src+"}})"), run(t, rt, meta+"})"))
		if !ok {
			t.Fatalf("round %d: not read", i)
		}
		if !reflect.DeepEqual(resp, want) {
			t.Fatalf("round %d:\ngot  %#v\nwant %#v", i, resp, want)
		}
		kept := resp.SessionMeta
		if i%3 == 0 {
			resp.SessionMeta = nil // the caller keeps it (a session took it)
		}
		resp.Release()
		if !reflect.DeepEqual(*resp, Response{}) {
			t.Fatalf("round %d: released response still holds %#v", i, *resp)
		}
		if i%3 == 0 && len(kept) != n {
			t.Fatalf("round %d: the kept SessionMeta was emptied: %v", i, kept)
		}
	}

	foreign := &Response{Code: 200, Headers: map[string]string{"A": "1"}}
	foreign.Release()
	if foreign.Code != 200 || len(foreign.Headers) != 1 {
		t.Fatalf("Release touched a response the package did not make: %#v", foreign)
	}
	var none *Response
	none.Release() // no panic
}

func run(t *testing.T, rt *goja.Runtime, src string) goja.Value {
	t.Helper()
	v, err := rt.RunString(src)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
