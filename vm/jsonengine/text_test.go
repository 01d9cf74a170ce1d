package jsonengine

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// decodeText decodes a whole text with TextDecoder; ok is false where it
// declines (the caller would use encoding/json).
func decodeText(s string) (interface{}, bool) {
	d := NewTextDecoder(s)
	v, ok := d.Value(0)
	d.SkipSpace()
	return v, ok && d.Done()
}

func TestTextDecoderMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		`{"a":1,"b":[true,false,null],"c":{"d":"e"}}`, ` [ 1 , -2.5e3 , "x\u00e9\n" ] `, `"\ud83d\ude00"`,
		`"\ud83d"`, `{"a":1,"a":2}`, `0`, `-0`, `[]`, `{}`, `null`,
	} {
		got, ok := decodeText(s)
		if !ok {
			t.Errorf("%s: declined", s)
			continue
		}
		var want interface{}
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("%s: encoding/json: %v", s, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", s, got, want)
		}
	}
	for _, s := range []string{`1e400`, `{"a":}`, `[1,]`, `tru`, `"abc`, `01`, `{"a":1}x`, strings.Repeat("[", MaxTextDepth+2) + strings.Repeat("]", MaxTextDepth+2)} {
		if _, ok := decodeText(s); ok {
			t.Errorf("%.40s: accepted; want it declined", s)
		}
	}
}

func TestScanObject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		keys, raws []string
		ok         bool
	}{
		{`{"a":1,"b":{"c":[1,2]}}`, []string{"a", "b"}, []string{"1", `{"c":[1,2]}`}, true},
		{` { "x" : "y" } `, []string{"x"}, []string{`"y"`}, true},
		{`{"a":1,"b":2,"a":3}`, []string{"a", "b"}, []string{"3", "2"}, true}, // first position, last value
		{`{}`, nil, nil, true},
		{`[1]`, nil, nil, false},
		{`{"a":1`, nil, nil, false},
		{`{"a" 1}`, nil, nil, false},
	}
	for _, tc := range tests {
		keys, raws, ok := ScanObject(tc.in)
		if ok != tc.ok || !reflect.DeepEqual(keys, tc.keys) || !reflect.DeepEqual(raws, tc.raws) {
			t.Errorf("ScanObject(%s) = %q %q %v, want %q %q %v", tc.in, keys, raws, ok, tc.keys, tc.raws, tc.ok)
		}
	}
}

func TestOrderLikeJS(t *testing.T) {
	t.Parallel()
	keys := []string{"b", "10", "a", "2", "01", "4294967295", "0"}
	vals := []int{0, 1, 2, 3, 4, 5, 6}
	OrderLikeJS(keys, vals)
	want := []string{"0", "2", "10", "b", "a", "01", "4294967295"}
	if !reflect.DeepEqual(keys, want) || !reflect.DeepEqual(vals, []int{6, 3, 1, 0, 2, 4, 5}) {
		t.Fatalf("got %q %v, want %q", keys, vals, want)
	}
}

// FuzzTextDecoder holds TextDecoder to encoding/json: whatever it accepts
// decodes to exactly what encoding/json gives, and it never accepts text
// encoding/json rejects.
func FuzzTextDecoder(f *testing.F) {
	for _, s := range []string{`{"a":[1,"x",null]}`, `"\ud800"`, `1.5e-3`, `{"a":1,"a":2}`, "\"\xff\"", `[`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := decodeText(s)
		var want interface{}
		err := json.Unmarshal([]byte(s), &want)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("%q: accepted, but encoding/json says %v", s, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %#v, want %#v", s, got, want)
		}
	})
}
