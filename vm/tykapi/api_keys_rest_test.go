package tykapi_test

import (
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/keystore"
	"github.com/tyk-ve/tyk-ve/keystore/keystoretest"
	"github.com/tyk-ve/tyk-ve/vm"
)

// TestRESTKeyStoreSecretNeverLogged drives failures through the JS API and
// checks neither the secret nor the whole key reaches logs or errors.
func TestRESTKeyStoreSecretNeverLogged(t *testing.T) {
	t.Parallel()
	_, srv := keystoretest.NewGateway(t)
	for _, tc := range []struct {
		name, url, secret, want string
	}{
		{"wrong secret", srv.URL, "wrong-" + keystoretest.Secret, "status 403"},
		{"unreachable", "http://" + closedAddr(t), keystoretest.Secret, "connection refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			store, err := keystore.NewREST(keystore.RESTConfig{URL: tc.url, Secret: tc.secret})
			if err != nil {
				t.Fatal(err)
			}
			logger, logs := captureLogger()
			got, err := runVE(t, func(c *vm.PoolConfig) { c.Host = &vm.Host{Keys: store}; c.Logger = logger },
				`TykSetKeyData("abcdefgh-key-9876", "{}", "1"); return TykGetKeyData("abcdefgh-key-9876", "api");`)
			if err != nil {
				t.Fatal(err)
			}
			if got != keystore.KeyNotFoundJSON {
				t.Errorf("got %s", got)
			}
			out := logs.String()
			if !strings.Contains(out, tc.want) || !strings.Contains(out, "****9876") {
				t.Errorf("log lacks %q or the obfuscated key:\n%s", tc.want, out)
			}
			for _, leak := range []string{keystoretest.Secret, "abcdefgh"} {
				if strings.Contains(out, leak) {
					t.Errorf("log leaks %q:\n%s", leak, out)
				}
			}
		})
	}
}

// TestRESTKeyStoreThroughJS is the whole path: script → KeyStore → gateway.
func TestRESTKeyStoreThroughJS(t *testing.T) {
	t.Parallel()
	gw, srv := keystoretest.NewGateway(t)
	store, err := keystore.NewREST(keystore.RESTConfig{URL: srv.URL, Secret: keystoretest.Secret})
	if err != nil {
		t.Fatal(err)
	}
	got, err := runVE(t, func(c *vm.PoolConfig) { c.Host = &vm.Host{Keys: store, APIID: "api-7"} }, `
		var s = JSON.parse(TykGetKeyData("key-1234"));
		s.quota_remaining = 10;
		TykSetKeyData("key-1234", JSON.stringify(s), "1");
		return TykGetKeyData("key-1234", "api-7") + " " + TykGetKeyData("gone", "api-7");`)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"org_id":"o","quota_remaining":10,"meta_data":{"a":"<b>"}} {"status":"error","message":"Key not found"}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if reqs := gw.Requests(); len(reqs) != 4 || !strings.HasPrefix(reqs[0], "GET /tyk/keys/key-1234?api_id=api-7") {
		t.Errorf("requests %q", reqs)
	}
}
