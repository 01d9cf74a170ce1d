package webcrypto

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestExportRoundTrip: every public key of the differential test exports
// as the SPKI it was imported from (crypto/x509's encoding), and its JWK
// and raw forms import back to a key that verifies the same token.
func TestExportRoundTrip(t *testing.T) {
	t.Parallel()
	for _, a := range jwtAlgs(t, newJWTKeys(t)) {
		a := a
		t.Run(a.method.Alg(), func(t *testing.T) {
			t.Parallel()
			alg := mustNormalize(t, OpImportKey, a.importAlg)
			usages := []string{"verify"}
			if a.format == FormatRaw {
				usages = []string{"sign", "verify"}
			}
			k, err := ImportKey(a.format, KeyData{Bytes: a.keyData}, alg, true, usages)
			if err != nil {
				t.Fatal(err)
			}
			same, err := ExportKey(a.format, k)
			if err != nil || !bytes.Equal(same.Bytes, a.keyData) {
				t.Fatalf("export %s: %v, equal %v", a.format, err, bytes.Equal(same.Bytes, a.keyData))
			}
			jwk, err := ExportKey(FormatJWK, k)
			if err != nil {
				t.Fatal(err)
			}
			text, _ := json.Marshal(jwk.JWK)
			back, err := ImportKey(FormatJWK, jwkOf(t, string(text)), alg, true, usages)
			if err != nil {
				t.Fatalf("import of exported %s: %v", text, err)
			}
			if again, _ := ExportKey(a.format, back); !bytes.Equal(again.Bytes, a.keyData) {
				t.Errorf("jwk round trip changed the key: %s", text)
			}
			if *jwk.JWK.Ext != true || len(*jwk.JWK.KeyOps) != len(usages) {
				t.Errorf("ext/key_ops: %s", text)
			}
			raw, err := ExportKey(FormatRaw, k)
			switch alg.Name {
			case RSAPKCS1, RSAPSS:
				if errName(err) != NotSupportedError {
					t.Errorf("raw export of RSA: %v", err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if _, err := ImportKey(FormatRaw, raw, alg, false, usages); err != nil {
					t.Errorf("import of exported raw: %v", err)
				}
			}
			if _, err := ExportKey(FormatPKCS8, k); errName(err) == "" {
				t.Error("pkcs8 export succeeded")
			}
		})
	}
}
