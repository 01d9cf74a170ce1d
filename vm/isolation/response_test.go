package isolation

import "testing"

// TestResponseUnobserved: scripts whose TykJsResponse strings only the host
// receives, and the ways a script can see one.
func TestResponseUnobserved(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		src    []string
		unseen bool
	}{
		{"returned", []string{`function ve(r, s, c) { var b = JSON.parse(r.Body); return TykJsResponse({Body: "x", Code: 200}, s.meta_data) }`}, true},
		{"two endpoints, branches", []string{`function a(r) { if (r.Body) { return TykJsResponse({Code: 400}) } return TykJsResponse({Code: 200}) }`,
			`async function b(r) { try { return TykJsResponse({Code: 201}) } finally { log("done") } }`}, true},
		{"helpers alongside", []string{`function helper(x) { return x * 2 } function ve(r) { return TykJsResponse({Body: String(helper(2)), Code: 200}) }`}, true},
		{"no TykJsResponse", []string{`function ve(r) { return JSON.stringify({Response: {Code: 200}}) }`}, false},
		{"kept in a variable", []string{`function ve(r) { var out = TykJsResponse({Code: 200}); return out }`}, false},
		{"logged", []string{`function ve(r) { log(TykJsResponse({Code: 200})); return TykJsResponse({Code: 200}) }`}, false},
		{"in a nested function", []string{`function ve(r) { var f = function () { return TykJsResponse({Code: 200}) }; return f() }`}, false},
		{"in an arrow", []string{`function ve(r) { return [1].map(() => TykJsResponse({Code: 200}))[0] }`}, false},
		{"endpoint called by a script", []string{`function ve(r) { return TykJsResponse({Code: 200}) } function other(r) { return ve(r) + "!" }`}, false},
		{"endpoint aliased", []string{`function ve(r) { return TykJsResponse({Code: 200}) } var alias = {ve}`}, false},
		{"function aliased", []string{`var respond = TykJsResponse; function ve(r) { return TykJsResponse({Code: 200}) }`}, false},
		{"shorthand alias", []string{`var o = {TykJsResponse}; function ve(r) { return TykJsResponse({Code: 200}) }`}, false},
		{"arguments", []string{`function ve(r) { if (arguments.length > 9) { return arguments.callee(r) } return TykJsResponse({Code: 200}) }`}, false},
		{"expression, not declaration", []string{`var ve = function (r) { return TykJsResponse({Code: 200}) }`}, false},
		{"generator", []string{`function* ve(r) { return TykJsResponse({Code: 200}) }`}, false},
		{"eval", []string{`function ve(r) { eval(""); return TykJsResponse({Code: 200}) }`}, false},
		{"globalThis", []string{`function ve(r) { return TykJsResponse({Code: 200}) } function g() { return globalThis.ve }`}, false},
		{"shadowed", []string{`function ve(r, TykJsResponse) { return TykJsResponse({Code: 200}) }`}, false},
		{"redeclared", []string{`function ve(r) { return TykJsResponse({Code: 200}) }`, `function ve(r) { return TykJsResponse({Code: 201}) }`}, false},
		{"property only", []string{`function ve(r) { r.TykJsResponse = 1; return TykJsResponse({Code: 200}) }`}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			trees := parseScripts(t, tc.src)
			if got := ResponseUnobserved(trees, FindReach(trees)); got != tc.unseen {
				t.Fatalf("ResponseUnobserved = %v, want %v", got, tc.unseen)
			}
		})
	}
}
