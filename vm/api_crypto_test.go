package vm

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// hs256Endpoint verifies an HS256 JWT from the Authorization header with
// Web Crypto. A Tyk-style function returns synchronously and the event loop
// of issue 13 §1 is not there yet, so it returns an object whose toString
// gives the answer: goja runs the promise reactions when the outermost call
// returns, before the pool reads (and stringifies) the returned value.
const hs256Endpoint = `
function b64url(s) { // b64dec gives text (UTF-8), not bytes
	var abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	var out = new Uint8Array((s.length * 3) >> 2), acc = 0, bits = 0, n = 0;
	for (var i = 0; i < s.length; i++) {
		acc = ((acc << 6) | abc.indexOf(s[i])) & 0xffffff;
		bits += 6;
		if (bits >= 8) { bits -= 8; out[n++] = (acc >> bits) & 0xff; }
	}
	return out.subarray(0, n);
}
function ascii(s) {
	var out = new Uint8Array(s.length);
	for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}
async function check(token, secret) {
	var parts = token.split(".");
	var key = await crypto.subtle.importKey("jwk", {kty: "oct", k: secret}, {name: "HMAC", hash: "SHA-256"}, false, ["verify"]);
	var ok = await crypto.subtle.verify("HMAC", key, b64url(parts[2]), ascii(parts[0] + "." + parts[1]));
	return ok ? JSON.parse(String.fromCharCode.apply(null, b64url(parts[1]))) : null;
}
function auth(request, session, config) {
	var answer = {text: "", toString: function () { return this.text; }};
	var token = (request.Headers["Authorization"] || [""])[0].replace(/^Bearer /, "");
	check(token, config.config_data.secret).then(function (claims) {
		answer.text = claims ? TykJsResponse({Body: "hello " + claims.iss, Code: 200}, session.meta_data)
			: TykJsResponse({Body: "invalid signature", Code: 401}, session.meta_data);
	}, function (e) {
		answer.text = TykJsResponse({Body: e.name + ": " + e.message, Code: 400}, session.meta_data);
	});
	return answer;
}
function clobber(request, session, config) {
	crypto = {subtle: {verify: function () { return Promise.resolve(true); }}};
	return TykJsResponse({Body: typeof crypto.getRandomValues, Code: 200}, null);
}`

// TestPoolVerifiesHS256JWT: an endpoint verifies the RFC 7515 A.1 token
// through the pool, refuses a tampered one, answers a malformed key with
// the DOMException's name, and a call that replaces crypto does not reach
// the next call.
func TestPoolVerifiesHS256JWT(t *testing.T) {
	t.Parallel()
	const token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	const secret = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes = 1; c.Prewarm = 1 }, hs256Endpoint)
	callWith := func(fn, auth, key string) (int, string) {
		t.Helper()
		cfg, err := NewConfigObject("api-1", "org-1", map[string]interface{}{"secret": key}, true)
		if err != nil {
			t.Fatal(err)
		}
		req := &Request{Headers: map[string][]string{"Authorization": {"Bearer " + auth}}, Params: map[string][]string{}, URL: "/", Scheme: "http"}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		resp, err := p.Call(ctx, &Call{Function: fn, Request: req, Session: []byte(`{"meta_data":{}}`), Config: cfg})
		if err != nil {
			t.Fatalf("%s: %v", fn, err)
		}
		return resp.Code, resp.Body
	}
	tampered := strings.Replace(token, ".eyJpc3MiOiJqb2Ui", ".eyJpc3MiOiJqb2Uj", 1)
	for i, tc := range []struct {
		fn, token, key string
		code           int
		body           string
	}{
		{"auth", token, secret, 200, "hello joe"},
		{"auth", tampered, secret, 401, "invalid signature"},
		{"auth", token, "not base64url!", 400, "DataError: "},
		{"clobber", token, secret, 200, "undefined"},
		{"auth", token, secret, 200, "hello joe"},
	} {
		code, body := callWith(tc.fn, tc.token, tc.key)
		if code != tc.code || !strings.HasPrefix(body, tc.body) {
			t.Errorf("call %d (%s): %d %q, want %d %q", i, tc.fn, code, body, tc.code, tc.body)
		}
	}
}

// TestCryptoAreaGlobals: the crypto area defines exactly the globals it
// registers (so isolation resets put all of them back).
func TestCryptoAreaGlobals(t *testing.T) {
	t.Parallel()
	rt := goja.New()
	before := map[string]bool{}
	for _, k := range rt.GlobalObject().Keys() {
		before[k] = true
	}
	if err := cryptoArea.Install(rt, nil); err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, k := range rt.GlobalObject().Keys() {
		if !before[k] {
			added = append(added, k)
		}
	}
	want := append([]string(nil), cryptoArea.Globals...)
	sort.Strings(added)
	sort.Strings(want)
	if strings.Join(added, ",") != strings.Join(want, ",") {
		t.Errorf("the crypto area installed %v, registers %v", added, want)
	}
	for _, g := range cryptoArea.Globals {
		found := false
		for _, n := range apiGlobals {
			found = found || n == g
		}
		if !found {
			t.Errorf("%s is not among the platform globals", g)
		}
	}
}
