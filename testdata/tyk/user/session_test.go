package user_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/TykTechnologies/tyk/user"
)

// TestSessionKeyOrder pins the v5.9.2 marshalled key order: JavaScript sees
// this JSON as its `session` argument.
func TestSessionKeyOrder(t *testing.T) {
	b, err := json.Marshal(&user.SessionState{KeyID: "zz-key-id-zz"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"last_check", "allowance", "rate", "per", "throttle_interval",
		"throttle_retry_limit", "max_query_depth", "date_created", "expires", "quota_max",
		"quota_renews", "quota_remaining", "quota_renewal_rate", "access_rights", "org_id",
		"oauth_client_id", "oauth_keys", "certificate", "basic_auth_data", "jwt_data",
		"hmac_enabled", "enable_http_signature_validation", "hmac_string", "rsa_certificate_id",
		"is_inactive", "apply_policy_id", "apply_policies", "data_expires", "monitor",
		"enable_detail_recording", "enable_detailed_recording", "meta_data", "tags", "alias",
		"last_updated", "id_extractor_deadline", "session_lifetime", "smoothing"}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	_, _ = dec.Token() // {
	var got []string
	for dec.More() {
		k, _ := dec.Token()
		got = append(got, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("keys:\n got %v\nwant %v", got, want)
	}
	if strings.Contains(string(b), "zz-key-id-zz") {
		t.Fatal("KeyID was marshalled")
	}
}

func TestTouchResetAndClone(t *testing.T) {
	s := user.SessionState{MetaData: map[string]interface{}{"a": 1}, Tags: []string{"x"}}
	s.Touch()
	c := s.Clone()
	c.MetaData["a"] = 2
	c.Tags[0] = "y"
	if s.MetaData["a"] != 1 || s.Tags[0] != "x" {
		t.Fatal("Clone shares maps or slices")
	}
	if !s.IsModified() {
		t.Fatal("Touch did not mark modified")
	}
	s.Reset()
	if s.IsModified() {
		t.Fatal("Reset did not clear modified")
	}
}
