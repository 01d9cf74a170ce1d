package tykapi_test

import "testing"

func TestTykJsResponseReadsValuesOnce(t *testing.T) {
	t.Parallel()
	got, err := runVEWith(t, `var n = 0;
		var r = {get Body() { n++; return "x" }, Code: 200, Headers: {get A() { n++; return "b" }}};
		var s = TykJsResponse(r, {get m() { n++; return 1 }});
		return n + " " + s;`)
	if err != nil {
		t.Fatal(err)
	}
	if want := `3 {"Response":{"Body":"x","Code":200,"Headers":{"A":"b"}},"SessionMeta":{"m":1}}`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
