package vm

import (
	"context"
	"testing"
)

// TestRequestMapsBehaveLikePlainObjects: the same operations on
// request.Headers / request.Params (and their value arrays) and on plain
// JSON.parse copies give the same results.
func TestRequestMapsBehaveLikePlainObjects(t *testing.T) {
	t.Parallel()
	ops := []string{
		// value arrays
		`o["X-A"].push("p"); o["X-A"].unshift("u");`,
		`o["X-A"].pop(); o["X-B"].shift();`,
		`o["X-A"].splice(1, 1, "s1", "s2"); o["X-A"].reverse();`,
		`o["X-A"].sort(); o["X-A"].length = 1;`,
		`o["X-A"][4] = "far";`,
		`o["X-A"].length = 0; o["X-A"].push("again");`,
		`o.r = [Array.isArray(o["X-A"]), o["X-A"].indexOf("2"), o["X-A"].join("+"), o["X-A"].length, 1 in o["X-A"], 7 in o["X-A"]].join(",");`,
		`o.r = o["X-A"].map(function (v) { return v + "!" }).concat(o["X-B"]).slice(1);`,
		`o.r = [...o["X-A"]]; var n = 0; for (var v of o["X-A"]) n++; o.n = n;`,
		`o.r = Object.keys(o["X-A"]).join(",") + "|" + JSON.stringify(Object.getOwnPropertyDescriptor(o["X-A"], "0"));`,
		`o.r = o["X-A"].filter(function (v) { return v !== "1" }).reduce(function (a, v) { return a + v }, "");`,
		`o.r = String(o["X-A"]) + typeof o["X-A"] + (o["X-A"] instanceof Array);`,
		// the maps
		`o["X-New"] = ["n"]; o.aaa = ["first"]; delete o["X-B"];`,
		`o.r = ["X-A" in o, "X-Z" in o, o.hasOwnProperty("X-B"), o["X-Z"] === undefined].join(",");`,
		`var a = o["X-A"]; var k = Object.keys(o); o.same = a === o["X-A"]; o.k = k.join(",");`,
		`var a = o["X-A"]; o["X-A"] = ["replaced"]; o.old = a;`,
		`o.r = Object.entries(o).map(function (e) { return e[0] + "=" + e[1] }).join("&");`,
		`for (var k in o) { o[k + "-copy"] = o[k].slice() }`,
		`o["2"] = ["index key"]; o["10"] = ["ten"];`,
	}
	checkLikePlain(t, ops, `[request.Headers, request.Params]`, func(body []byte) *Call {
		return &Call{Function: "check", Request: &Request{
			Body:    body,
			Headers: map[string][]string{"X-A": {"2", "1", "3"}, "X-B": {"b"}, "Ab": {"x"}},
			Params:  map[string][]string{"X-A": {"q"}, "X-B": {"1", "2"}, "bad\xffkey": {"v\xfe"}, "5": {"five"}, "10": {"ten"}},
		}}
	})
	// Params parsed lazily from a query, as the plugin passes them.
	checkLikePlain(t, ops, `[request.Params]`, func(body []byte) *Call {
		return &Call{Function: "check", Request: &Request{
			Body: body, LazyParams: true, ParamsQuery: "X-A=q&X-B=1&X-B=2&5=five&10=ten&Ab=x&X-A=r",
		}}
	})
}

// TestValuesArrayBounds: writing far past the end of a values array fails
// like a write to a non-writable element instead of allocating without
// bound.
func TestValuesArrayBounds(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, `function f(request) {
		var a = request.Headers["X-A"];
		a[1e9] = "x"; a.length = 4e9 - 1;
		var strict = (function () { "use strict"; try { a[1e9] = "x"; return "no error" } catch (e) { return e.name } })();
		return TykJsResponse({Body: a.length + "," + strict, Code: 200}, null);
	}`)
	resp, err := p.Call(context.Background(), &Call{Function: "f", Request: &Request{Headers: map[string][]string{"X-A": {"1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Body != "1,TypeError" {
		t.Fatalf("got %q", resp.Body)
	}
}
