package webcrypto

import (
	"strings"
	"testing"
)

// The JWS examples of RFC 7515 Appendix A.1-A.3 and RFC 8037 Appendix A.4,
// with the public JWKs the RFCs give (private members left out).
const (
	rfcHS256JWS = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfcHS256JWK = `{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}`
	rfcRS256JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
	rfcRS256JWK = `{"kty":"RSA","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"}`
	rfcES256JWS = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
	rfcES256JWK = `{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}`
	rfcEdDSAJWS = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
	rfcEdDSAJWK = `{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`
)

// jwsCase is a JWS to verify with a JWK: how to import the key and verify.
type jwsCase struct {
	name, jws, jwk string
	importAlg      AlgorithmInput
	verifyAlg      AlgorithmInput
}

var rfcJWSCases = []jwsCase{
	{"RFC 7515 A.1 HS256", rfcHS256JWS, rfcHS256JWK, AlgorithmInput{Name: "HMAC", Hash: hashIn("SHA-256")}, AlgorithmInput{Name: "HMAC"}},
	{"RFC 7515 A.2 RS256", rfcRS256JWS, rfcRS256JWK, AlgorithmInput{Name: "RSASSA-PKCS1-v1_5", Hash: hashIn("SHA-256")}, AlgorithmInput{Name: "RSASSA-PKCS1-v1_5"}},
	{"RFC 7515 A.3 ES256", rfcES256JWS, rfcES256JWK, AlgorithmInput{Name: "ECDSA", NamedCurve: strPtr("P-256")}, AlgorithmInput{Name: "ECDSA", Hash: hashIn("SHA-256")}},
	{"RFC 8037 A.4 EdDSA", rfcEdDSAJWS, rfcEdDSAJWK, AlgorithmInput{Name: "Ed25519"}, AlgorithmInput{Name: "Ed25519"}},
}

func strPtr(s string) *string { return &s }
func u32Ptr(v uint32) *uint32 { return &v }

// verifyJWS imports c's key from its JWK and verifies jws with it.
func verifyJWS(t testing.TB, c jwsCase, jws string) bool {
	t.Helper()
	j, err := ParseJWK([]byte(c.jwk))
	if err != nil {
		t.Fatal(err)
	}
	k, err := ImportKey(FormatJWK, KeyData{JWK: j}, mustNormalize(t, OpImportKey, c.importAlg), false, []string{"verify"})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	dot := strings.LastIndexByte(jws, '.')
	sig, err := decodeB64URL("signature", jws[dot+1:])
	if err != nil {
		return false
	}
	ok, err := Verify(mustNormalize(t, OpVerify, c.verifyAlg), k, sig, []byte(jws[:dot]))
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return ok
}

// TestRFCJWSExamples verifies the RFCs' JWS text as published, and rejects
// it once its payload or signature changes.
func TestRFCJWSExamples(t *testing.T) {
	t.Parallel()
	for _, c := range rfcJWSCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if !verifyJWS(t, c, c.jws) {
				t.Fatal("the RFC's JWS does not verify")
			}
			parts := strings.Split(c.jws, ".")
			tampered := parts[0] + "." + parts[1] + "x." + parts[2]
			if verifyJWS(t, c, tampered) {
				t.Error("a changed payload verified")
			}
			sig := []byte(parts[2])
			sig[5] ^= 0x01 // stays in the base64url alphabet
			if verifyJWS(t, c, parts[0]+"."+parts[1]+"."+string(sig)) {
				t.Error("a changed signature verified")
			}
		})
	}
}
