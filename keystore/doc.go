// Package keystore reads and writes Tyk key sessions for TykGetKeyData and
// TykSetKeyData. A Go plugin cannot reach the gateway's session store
// directly, so the implementation here talks to the gateway's REST API
// (/tyk/keys) with its secret, which never appears in errors or logs.
//
// It knows nothing of JavaScript and never imports goja.
package keystore
