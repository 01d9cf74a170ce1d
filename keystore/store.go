package keystore

import "context"

// KeyNotFoundJSON is Tyk's error object for a key that does not exist, the
// text GetKey returns for it.
const KeyNotFoundJSON = `{"status":"error","message":"Key not found"}`

// Store reads and writes Tyk key sessions for TykGetKeyData and
// TykSetKeyData. A plugin cannot reach the gateway's session store directly,
// so the usual implementation talks to the gateway's REST API.
type Store interface {
	// GetKey returns the session of key as Tyk's JSON text, or Tyk's own
	// error object text when the key does not exist.
	GetKey(ctx context.Context, key, apiID string) (string, error)
	// SetKey creates or updates key with the session JSON. suppressReset
	// mirrors Tyk's third argument ("1" keeps the quota as it is).
	SetKey(ctx context.Context, key, sessionJSON string, suppressReset bool) error
}
