package keystore

import (
	"context"
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/keystore/keystoretest"
)

func TestRESTConfigValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cfg  RESTConfig
		want []string
	}{
		{"ok", RESTConfig{URL: "http://127.0.0.1:8080/", Secret: "s"}, nil},
		{"empty", RESTConfig{}, []string{"url: required", "secret: required"}},
		{"relative", RESTConfig{URL: "gateway:8080", Secret: "s"}, []string{"url: must be an absolute http(s) URL"}},
		{"query", RESTConfig{URL: "http://gw/?secret=x", Secret: "s"}, []string{"url: must not carry"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.cfg.Validate()
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	if _, err := NewREST(RESTConfig{URL: "http://gw"}); err == nil || !strings.Contains(err.Error(), "rest key store: secret: required") {
		t.Errorf("NewREST: %v", err)
	}
}

func TestREST(t *testing.T) {
	t.Parallel()
	gw, srv := keystoretest.NewGateway(t)
	store, err := NewREST(RESTConfig{URL: srv.URL + "/", Secret: keystoretest.Secret})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	got, err := store.GetKey(ctx, "key-1234", "api-1")
	if want := `{"org_id":"o","quota_remaining":3,"meta_data":{"a":"<b>"}}`; err != nil || got != want {
		t.Errorf("GetKey = %q, %v; want %q", got, err, want)
	}
	got, err = store.GetKey(ctx, "missing", "")
	if err != nil || got != KeyNotFoundJSON {
		t.Errorf("GetKey(missing) = %q, %v", got, err)
	}
	if err := store.SetKey(ctx, "key-1234", `{"rate":2}`, true); err != nil {
		t.Errorf("SetKey(update): %v", err)
	}
	if err := store.SetKey(ctx, "new/key", `{"rate":3}`, false); err != nil {
		t.Errorf("SetKey(create): %v", err)
	}
	want := []string{
		"GET /tyk/keys/key-1234?api_id=api-1 ",
		"GET /tyk/keys/missing ",
		`PUT /tyk/keys/key-1234?suppress_reset=1 {"rate":2}`,
		`PUT /tyk/keys/new%2Fkey {"rate":3}`,
		`POST /tyk/keys/new%2Fkey {"rate":3}`,
	}
	if got := gw.Requests(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
