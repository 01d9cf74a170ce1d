package tykapi_test

import "testing"

func TestJSONFastPathsKeepSemantics(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, `function j() {
		var out = [
			JSON.stringify({a: [1, "x"], b: undefined}),
			JSON.stringify({a: 1}, null, 2),
			JSON.stringify({a: 1, b: 2}, ["b"]),
			JSON.stringify(new Date(0)),
			String(JSON.stringify(undefined)),
			JSON.parse('{"a":[1,2]}', function(k, v) { return typeof v === "number" ? v * 10 : v }).a.join(","),
			JSON.parse(' {"x": "\\u0041"} ').x,
			JSON.parse.name + JSON.parse.length + JSON.stringify.name + JSON.stringify.length,
		];
		var err = "";
		try { JSON.parse("{bad") } catch (e) { err = e.name }
		var cyc = {}; cyc.self = cyc;
		try { JSON.stringify(cyc) } catch (e) { err += "/" + e.name }
		out.push(err);
		return TykJsResponse({Body: out.join("|"), Code: 200}, null);
	}`)
	resp, err := call(t, p, "j", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":[1,"x"]}|{` + "\n" + `  "a": 1` + "\n" + `}|{"b":2}|"1970-01-01T00:00:00.000Z"|undefined|10,20|A|parse2stringify3|SyntaxError/TypeError`
	if resp.Body != want {
		t.Fatalf("got  %q\nwant %q", resp.Body, want)
	}
}
