package tykapi

import (
	"reflect"
	"testing"
)

// responseTexts are what TykJsResponse builds for common and odd
// responses; fast marks those decodeResponseText must take itself.
var responseTexts = []struct {
	text string
	fast bool
}{
	{`{"Response":{"Body":"{\"a\":[1,2]}","Code":200,"Headers":{"Content-Type":"application/json"}},"SessionMeta":{"tier":"gold","n":1.5,"l":[1,"x",null,true,{}]}}`, true},
	{`{"Response":{"Body":"ok","Code":200}}`, true},
	{`{"Response":{"body":"x","CODE":201,"headers":null,"Headers":{"c":null}}}`, true},
	{`{"Response":{"Body":null,"Code":null,"X":[{"deep":{}}]},"SessionMeta":null}`, true},
	{`{"Response":{"Body":"tab\t \"q\" \\ \/ \u00e9 \u2028 é😀","Code":-1,"Headers":{"":"","é":"ü"}},"SessionMeta":{}}`, true},
	{`{"Response":{"Body":"a","Body":"b"},"Response":{"Code":1}}`, true},
	{`{"SessionMeta":{"a":1},"SessionMeta":{"b":2}}`, true},
	{` {"Response" : {"Code" : 0} } `, true},
	{`{"Response":{"Code":200.5}}`, false},
	{`{"Response":{"Code":1e2}}`, false},
	{`{"Response":{"Body":1}}`, false},
	{`{"Response":{"Headers":{"a":1}}}`, false},
	{`{"Response":{"Code":"200"}}`, false},
	{`{"Response":[1]}`, false},
	{`{"SessionMeta":[1]}`, false},
	{`{"\u017fessionMeta":{"a":1}}`, false},
	{`{"Response":{"Body":"\ud800"}}`, true},
	{`{"Response":{"Body":"\ud83d\ude00 \ud800\u0041 \udc00"}}`, true},
	{"{\"Response\":{\"Body\":\"bad \xff byte\"}}", true},
	{`{"Response":{"Code":99999999999999999999}}`, false},
	{`{"SessionMeta":{"n":1e400}}`, false},
	{`null`, false},
	{`{"Response":{"Body":"x"}} x`, false},
	{`{"Response":{"Body":"x",}}`, false},
	{`{"Response":{"Body":"x"}`, false},
	{"{\"Response\":{\"Body\":\"\x01\"}}", false},
	{`{"SessionMeta":{"a":01}}`, false},
	{`{"SessionMeta":{"a":-}}`, false},
	{`{"SessionMeta":{"a":tru}}`, false},
}

func TestDecodeResponseText(t *testing.T) {
	t.Parallel()
	for _, tc := range responseTexts {
		got, ok := decodeResponseText(tc.text, nil)
		if ok != tc.fast {
			t.Errorf("%s: fast = %v, want %v", tc.text, ok, tc.fast)
			continue
		}
		if !ok {
			continue
		}
		want, err := DecodeResponse(tc.text)
		if err != nil {
			t.Errorf("%s: decoded what encoding/json rejects: %v", tc.text, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\nfast          %#v\nencoding/json %#v", tc.text, got, want)
		}
	}
}

// FuzzDecodeResponseText: for any text, decodeResponseText either declines
// or gives exactly what encoding/json does — Tyk's own decoding.
func FuzzDecodeResponseText(f *testing.F) {
	for _, tc := range responseTexts {
		f.Add(tc.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fast, ok := decodeResponseText(text, nil)
		if !ok {
			return
		}
		exact, err := DecodeResponse(text)
		if err != nil {
			t.Fatalf("accepted what encoding/json rejects (%v): %q", err, text)
		}
		if !reflect.DeepEqual(fast, exact) {
			t.Fatalf("differs for %q:\nfast          %#v\nencoding/json %#v", text, fast, exact)
		}
	})
}
