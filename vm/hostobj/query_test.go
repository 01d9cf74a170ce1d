package hostobj

import (
	"net/url"
	"reflect"
	"testing"
)

// FuzzScanQuery: for every query scanQuery may read (simpleQuery), it gives
// each key the values url.ParseQuery gives it, in order.
func FuzzScanQuery(f *testing.F) {
	for _, q := range []string{"region=eu-west", "a=1&a=2&b", "a+b=c+d&&=x&k=v=w", "x;y=1&z=2", "a=%41", "=&==&a", "é=1", ""} {
		f.Add(q, "a")
	}
	f.Fuzz(func(t *testing.T, q, key string) {
		if !simpleQuery(q) {
			return
		}
		want, _ := url.ParseQuery(q)
		if got := scanQuery(q, key); !reflect.DeepEqual(got, want[key]) {
			t.Fatalf("scanQuery(%q, %q) = %q, url.ParseQuery gives %q", q, key, got, want[key])
		}
		for k, vs := range want {
			if got := scanQuery(q, k); !reflect.DeepEqual(got, vs) {
				t.Fatalf("scanQuery(%q, %q) = %q, url.ParseQuery gives %q", q, k, got, vs)
			}
		}
	})
}
