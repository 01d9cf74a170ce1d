package webcrypto

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// JWK is a JsonWebKey dictionary (RFC 7517) with the members Web Crypto
// reads. Members whose presence matters are pointers (nil: absent); for the
// others an absent member reads as "".
type JWK struct {
	Kty    string    `json:"kty,omitempty"`
	Use    *string   `json:"use,omitempty"`
	KeyOps *[]string `json:"key_ops,omitempty"`
	Alg    *string   `json:"alg,omitempty"`
	Ext    *bool     `json:"ext,omitempty"`
	Crv    string    `json:"crv,omitempty"`
	X      string    `json:"x,omitempty"`
	Y      string    `json:"y,omitempty"`
	D      *string   `json:"d,omitempty"`
	N      string    `json:"n,omitempty"`
	E      string    `json:"e,omitempty"`
	K      string    `json:"k,omitempty"`
}

// ParseJWK reads a JWK from JSON text (the standard's "parse a JWK"): text
// that is not a JSON object with members of the right types, or has no
// "kty", is a DataError.
func ParseJWK(text []byte) (*JWK, error) {
	var j JWK
	dec := json.NewDecoder(bytes.NewReader(text))
	if err := dec.Decode(&j); err != nil {
		return nil, errorf(DataError, "invalid JWK: %v", err)
	}
	if dec.More() {
		return nil, errorf(DataError, "invalid JWK: data after the object")
	}
	if t := bytes.TrimSpace(text); len(t) == 0 || t[0] != '{' {
		return nil, errorf(DataError, "invalid JWK: not a JSON object")
	}
	if j.Kty == "" {
		return nil, errorf(DataError, "invalid JWK: no \"kty\"")
	}
	return &j, nil
}

// decodeB64URL decodes base64url without padding, strictly (RFC 7515 §2:
// no padding, no whitespace, no stray bits); failure is a DataError naming
// the member.
func decodeB64URL(member, s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") { // the decoder would skip them
		return nil, errorf(DataError, "JWK member %q is not base64url", member)
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, errorf(DataError, "JWK member %q is not base64url: %v", member, err)
	}
	return b, nil
}

// encodeB64URL encodes base64url without padding.
func encodeB64URL(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// checkJWKUse applies the checks every JWK import makes: "use" must be
// "sig" when usages are requested, "key_ops" must be valid (no repeats) and
// hold every requested usage, and "ext": false forbids an extractable key.
// Each failure is a DataError.
func checkJWKUse(j *JWK, usages []string, extractable bool) error {
	if len(usages) > 0 && j.Use != nil && *j.Use != "sig" {
		return errorf(DataError, "JWK \"use\" is %q, not \"sig\"", *j.Use)
	}
	if j.KeyOps != nil {
		ops := *j.KeyOps
		for i, op := range ops {
			if contains(ops[:i], op) {
				return errorf(DataError, "JWK \"key_ops\" repeats %q", op)
			}
		}
		for _, u := range usages {
			if !contains(ops, u) {
				return errorf(DataError, "JWK \"key_ops\" does not allow %q", u)
			}
		}
	}
	if j.Ext != nil && !*j.Ext && extractable {
		return errorf(DataError, "JWK has \"ext\": false but an extractable key was requested")
	}
	return nil
}

// checkJWKAlg fails with DataError if "alg" is present and is not one of
// want.
func checkJWKAlg(j *JWK, want ...string) error {
	if j.Alg != nil && !contains(want, *j.Alg) {
		return errorf(DataError, "JWK \"alg\" %q does not match the algorithm (want %s)", *j.Alg, strings.Join(want, " or "))
	}
	return nil
}
