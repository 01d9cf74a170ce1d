package tykapi_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/tyk-ve/tyk-ve/keystore"
	"github.com/tyk-ve/tyk-ve/vm"
)

// memKeyStore is an in-memory KeyStore recording calls.
type memKeyStore struct {
	mu    sync.Mutex
	keys  map[string]string
	calls []string
	fail  error
}

func (m *memKeyStore) GetKey(_ context.Context, key, apiID string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, "get "+key+" "+apiID)
	if m.fail != nil {
		return "", m.fail
	}
	if s, ok := m.keys[key]; ok {
		return s, nil
	}
	return keystore.KeyNotFoundJSON, nil
}

func (m *memKeyStore) SetKey(_ context.Context, key, session string, suppressReset bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := "0"
	if suppressReset {
		r = "1"
	}
	m.calls = append(m.calls, "set "+key+" "+r+" "+session)
	if m.fail != nil {
		return m.fail
	}
	m.keys[key] = session
	return nil
}

func (m *memKeyStore) log() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return strings.Join(m.calls, "\n")
}

func TestKeyData(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		body      string
		noStore   bool
		fail      error
		want      string
		wantCalls string
		wantLog   string
	}{
		{"get", `return TykGetKeyData("k1", "api-9");`, false, nil, `{"quota_max":5}`, "get k1 api-9", ""},
		{"get not found", `return TykGetKeyData("nope", "api-9");`, false, nil, `{"status":"error","message":"Key not found"}`, "get nope api-9", ""},
		{"get defaults api id", `return TykGetKeyData("k1");`, false, nil, `{"quota_max":5}`, "get k1 host-api", ""},
		{"get missing key is the string undefined", `return TykGetKeyData();`, false, nil, keystore.KeyNotFoundJSON, "get undefined host-api", ""},
		{"get store failure", `return TykGetKeyData("k1", "a");`, false, errors.New("boom"), keystore.KeyNotFoundJSON, "get k1 a", "boom"},
		{"get without store", `return TykGetKeyData("k1", "a");`, true, nil, `{"status":"error","message":"key store not configured"}`, "", "key store not configured"},
		{"set returns undefined", `return TykSetKeyData("k2", JSON.stringify({rate: 1}));`, false, nil, "undefined", `set k2 0 {"rate":1}`, ""},
		{"set suppress reset string", `return TykSetKeyData("k2", "{}", "1");`, false, nil, "undefined", "set k2 1 {}", ""},
		{"set suppress reset number", `return TykSetKeyData("k2", "{}", 1);`, false, nil, "undefined", "set k2 1 {}", ""},
		{"set suppress reset true is not 1", `return TykSetKeyData("k2", "{}", true);`, false, nil, "undefined", "set k2 0 {}", ""},
		{"set null session", `return TykSetKeyData("k2", "null");`, false, nil, "undefined", "set k2 0 null", ""},
		{"set bad session", `return TykSetKeyData("k2", "[1]");`, false, nil, "undefined", "", "Failed to decode the sesison data"},
		{"set missing session", `return TykSetKeyData("k2");`, false, nil, "undefined", "", "Failed to decode"},
		{"set store failure", `return TykSetKeyData("k2", "{}");`, false, errors.New("boom"), "undefined", "set k2 0 {}", "Failed to update key data"},
		{"set without store", `return TykSetKeyData("k2", "{}");`, true, nil, "undefined", "", "key store not configured"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			store := &memKeyStore{keys: map[string]string{"k1": `{"quota_max":5}`}, fail: tc.fail}
			host := &vm.Host{Keys: store, APIID: "host-api"}
			if tc.noStore {
				host.Keys = nil
			}
			logger, logs := captureLogger()
			got, err := runVE(t, func(c *vm.PoolConfig) { c.Host = host; c.Logger = logger }, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if calls := store.log(); calls != tc.wantCalls {
				t.Errorf("calls %q, want %q", calls, tc.wantCalls)
			}
			if tc.wantLog != "" && !strings.Contains(logs.String(), tc.wantLog) {
				t.Errorf("log lacks %q:\n%s", tc.wantLog, logs)
			}
		})
	}
}
