package ctx_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/TykTechnologies/tyk/apidef"
	"github.com/TykTechnologies/tyk/apidef/oas"
	"github.com/TykTechnologies/tyk/config"
	"github.com/TykTechnologies/tyk/ctx"
	"github.com/TykTechnologies/tyk/user"
)

func TestSetSessionLiveAndTouched(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	s := &user.SessionState{KeyID: "k1"}
	ctx.SetSession(r, s, true)
	got := ctx.GetSession(r)
	if got != s {
		t.Fatalf("GetSession returned %p, want the live pointer %p", got, s)
	}
	if !got.IsModified() {
		t.Fatal("scheduleUpdate=true did not Touch the session")
	}
	if ctx.GetAuthToken(r) != "k1" {
		t.Fatalf("auth token = %q", ctx.GetAuthToken(r))
	}
}

func TestSetSessionHashKeyNeedsTwoValues(t *testing.T) {
	old := config.Global
	t.Cleanup(func() { config.Global = old })
	config.Global = func() config.Config { return config.Config{HashKeys: false} }

	for _, tc := range []struct {
		name     string
		hashKey  []bool
		wantHash bool
	}{
		{"none uses global", nil, false},
		{"one value is ignored", []bool{true}, false},
		{"two values are honoured", []bool{true, true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			s := &user.SessionState{KeyID: "key"}
			ctx.SetSession(r, s, false, tc.hashKey...)
			if hashed := s.KeyHash() != "key"; hashed != tc.wantHash {
				t.Fatalf("hashed = %v, want %v", hashed, tc.wantHash)
			}
		})
	}
}

func TestSetSessionNilPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("SetSession(nil) did not panic")
		}
	}()
	ctx.SetSession(httptest.NewRequest("GET", "/", nil), nil, false)
}

func TestGetDefinitionIsDeepCopy(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	def := &apidef.APIDefinition{APIID: "a", ConfigData: map[string]interface{}{"k": []interface{}{"v"}}}
	ctx.SetDefinition(r, def)
	cp := ctx.GetDefinition(r)
	if cp == def {
		t.Fatal("GetDefinition returned the live pointer")
	}
	cp.ConfigData["k"].([]interface{})[0] = "changed"
	if def.ConfigData["k"].([]interface{})[0] != "v" {
		t.Fatal("copy shares nested data with the live definition")
	}
	if live := r.Context().Value(ctx.Definition).(*apidef.APIDefinition); live != def {
		t.Fatal("the Definition key does not hold the live pointer")
	}
}

func TestGetOASDefinitionIsDeepCopy(t *testing.T) {
	var doc oas.OAS
	src := `{"openapi":"3.0.3","x-tyk-api-gateway":{"info":{"id":"x","name":"n","state":{"active":true}}}}`
	if err := json.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/", nil)
	ctx.SetOASDefinition(r, &doc)
	cp := ctx.GetOASDefinition(r)
	cp.GetTykExtension().Info.ID = "changed"
	if doc.GetTykExtension().Info.ID != "x" {
		t.Fatal("copy shares the extension with the live definition")
	}
	if ctx.GetDefinition(r) != nil {
		t.Fatal("GetDefinition on an OAS request is not nil")
	}
}
