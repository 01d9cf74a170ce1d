package webapi

import (
	"encoding/json"
	"os"
	"testing"
)

// TestURLAgainstWPT runs weburl's selection of WPT urltestdata cases
// through the JavaScript URL class.
func TestURLAgainstWPT(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../weburl/testdata/urltestdata.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	tr := newTestRuntime(t)
	tr.eval(t, `var check = (function (c) {
		let u;
		try {
			u = c.base === null ? new URL(c.input) : new URL(c.input, c.base);
		} catch (e) {
			if (!(e instanceof TypeError)) return "threw " + e;
			return c.failure ? "" : "threw " + e;
		}
		if (c.failure) return "parsed as " + u.href + ", want failure";
		for (const k of ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"]) {
			if (k in c && u[k] !== c[k]) return k + " = " + JSON.stringify(u[k]) + ", want " + JSON.stringify(c[k]);
		}
		if ("searchParams" in c && u.searchParams.toString() !== c.searchParams) return "searchParams = " + u.searchParams;
		if (u.toString() !== u.href || u.toJSON() !== u.href) return "toString/toJSON differ from href";
		if (URL.canParse(c.input, c.base === null ? undefined : c.base) !== true) return "canParse is false";
		return "";
	})`)
	n := 0
	for _, r := range raw {
		if r[0] == '"' {
			continue
		}
		var c map[string]interface{}
		if err := json.Unmarshal(r, &c); err != nil {
			t.Fatal(err)
		}
		if _, ok := c["base"]; !ok {
			c["base"] = nil
		}
		if msg := tr.call(t, "check", c); msg != "" {
			t.Errorf("new URL(%q, %v): %s", c["input"], c["base"], msg)
		}
		n++
	}
	if n < 200 {
		t.Fatalf("only %d cases", n)
	}
}
