package plugin

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// Rate limit headers Tyk adds to every virtual endpoint response.
const (
	headerLimit     = "X-RateLimit-Limit"
	headerRemaining = "X-RateLimit-Remaining"
	headerReset     = "X-RateLimit-Reset"
)

// quota is the session's quota for one API, as Tyk's
// SessionState.GetQuotaLimitByAPIID reports it.
type quota struct {
	max, remaining, renews int64
	ok                     bool // false: no session, no headers (Tyk checks ses != nil)
}

type quotaFields struct {
	QuotaMax       int64 `json:"quota_max"`
	QuotaRemaining int64 `json:"quota_remaining"`
	QuotaRenews    int64 `json:"quota_renews"`
}

// sessionQuota reads the quota from the session JSON the script received:
// the API's access_rights limit when it is set, the key's own quota
// otherwise. It reads JSON so it works with every gateway's SessionState.
func sessionQuota(session []byte, apiID string) quota {
	if len(session) == 0 || bytes.Equal(session, []byte("null")) {
		return quota{}
	}
	var s struct {
		quotaFields
		AccessRights map[string]struct {
			Limit map[string]json.RawMessage `json:"limit"`
		} `json:"access_rights"`
	}
	if err := json.Unmarshal(session, &s); err != nil {
		return quota{}
	}
	q := quota{max: s.QuotaMax, remaining: s.QuotaRemaining, renews: s.QuotaRenews, ok: true}
	if ar, found := s.AccessRights[apiID]; found && limitSet(ar.Limit) {
		var l quotaFields
		raw, _ := json.Marshal(ar.Limit)
		if json.Unmarshal(raw, &l) == nil {
			q.max, q.remaining, q.renews = l.QuotaMax, l.QuotaRemaining, l.QuotaRenews
		}
	}
	return q
}

// limitSet mirrors APILimit.IsEmpty (any non-zero field) on raw JSON.
func limitSet(limit map[string]json.RawMessage) bool {
	for _, v := range limit {
		switch string(bytes.TrimSpace(v)) {
		case "0", "null", "false", `""`, "{}", "[]", "0.0":
		default:
			return true
		}
	}
	return false
}

// apply sets the rate limit headers (canonical names) with set.
func (q quota) apply(set func(k, v string)) {
	if !q.ok {
		return
	}
	set(canonicalLimit, strconv.FormatInt(q.max, 10))
	set(canonicalRemaining, strconv.FormatInt(q.remaining, 10))
	set(canonicalReset, strconv.FormatInt(q.renews, 10))
}

// The rate limit headers' names as http.Header.Set writes them.
var (
	canonicalLimit     = http.CanonicalHeaderKey(headerLimit)
	canonicalRemaining = http.CanonicalHeaderKey(headerRemaining)
	canonicalReset     = http.CanonicalHeaderKey(headerReset)
)
