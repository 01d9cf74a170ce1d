package plugin

import "testing"

func TestRateLimitHeaders(t *testing.T) {
	t.Parallel()
	ep := inline("GET", "/plain", "q", `function q() { return TykJsResponse({Body: "", Code: 200}, null) }`)
	withSession := inline("GET", "/keyed", "q", `function q() { return TykJsResponse({Body: "", Code: 200}, null) }`)
	withSession["use_session"] = true
	def := classicAPI(t, "rate", map[string]interface{}{"endpoints": []interface{}{ep, withSession}})
	h, err := NewHandler(Settings{EmptySession: []byte(`{"quota_max":0,"quota_remaining":0,"quota_renews":0,"meta_data":null}`)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	tests := []struct {
		name, path, session string
		want                [3]string
	}{
		{"empty session is 0/0/0", "/rate/plain", "", [3]string{"0", "0", "0"}},
		{"key quota", "/rate/keyed", `{"quota_max":100,"quota_remaining":40,"quota_renews":1700000000}`, [3]string{"100", "40", "1700000000"}},
		{"per-API limit wins", "/rate/keyed", `{"quota_max":100,"quota_remaining":40,"quota_renews":1,
			"access_rights":{"rate":{"limit":{"rate":10,"quota_max":7,"quota_remaining":6,"quota_renews":5}}}}`, [3]string{"7", "6", "5"}},
		{"empty per-API limit ignored", "/rate/keyed", `{"quota_max":3,"quota_remaining":2,"quota_renews":1,
			"access_rights":{"rate":{"limit":{"rate":0,"quota_max":0}}}}`, [3]string{"3", "2", "1"}},
	}
	for _, tc := range tests {
		var sess Session
		if tc.session != "" {
			sess = &fakeSession{json: []byte(tc.session)}
		}
		w := serve(t, h, def, "GET", tc.path, "", sess)
		got := [3]string{w.Header().Get("X-RateLimit-Limit"), w.Header().Get("X-RateLimit-Remaining"), w.Header().Get("X-RateLimit-Reset")}
		if w.Code != 200 || got != tc.want {
			t.Errorf("%s: %d %v, want %v", tc.name, w.Code, got, tc.want)
		}
	}
}
