package bundle

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestParsePrivateKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		file    string
		data    string
		wantErr string
	}{
		{name: "pkcs1", file: "rsa_pkcs1_private.pem"},
		{name: "pkcs8", file: "pkcs8_private.pem"},
		{name: "pkcs8 ec rejected", file: "ec_pkcs8_private.pem", wantErr: "not an RSA key"},
		{name: "public key given", file: "pkix_public.pem", wantErr: `unsupported PEM block "PUBLIC KEY"`},
		{name: "not pem", data: "hello", wantErr: "no PEM block"},
		{name: "garbage body", data: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", wantErr: "PKCS#1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := []byte(tt.data)
			if tt.file != "" {
				data = readTestdata(t, tt.file)
			}
			k, err := ParsePrivateKey(data)
			checkErr(t, err, tt.wantErr)
			if tt.wantErr == "" && k.N.BitLen() != 2048 {
				t.Errorf("key size %d, want 2048", k.N.BitLen())
			}
		})
	}
}

func TestParsePublicKey(t *testing.T) {
	t.Parallel()
	priv := privateKey(t, "rsa_pkcs1_private.pem")
	tests := []struct {
		name    string
		file    string
		wantErr string
	}{
		{name: "pkcs1", file: "rsa_pkcs1_public.pem"},
		{name: "pkix", file: "pkix_public.pem"},
		{name: "pkix ec rejected", file: "ec_pkix_public.pem", wantErr: "not an RSA key"},
		{name: "private key given", file: "rsa_pkcs1_private.pem", wantErr: `unsupported PEM block "RSA PRIVATE KEY"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, err := ParsePublicKey(readTestdata(t, tt.file))
			checkErr(t, err, tt.wantErr)
			if tt.wantErr == "" && !k.Equal(&priv.PublicKey) {
				t.Error("public key does not match the private key")
			}
		})
	}
}

func TestLoadKeyErrorsNameTheFile(t *testing.T) {
	t.Parallel()
	_, err := LoadPublicKey(filepath.Join(testdata, "missing.pem"))
	checkErr(t, err, "reading public key")
	_, err = LoadPrivateKey(filepath.Join(testdata, "vector_a.js"))
	checkErr(t, err, "vector_a.js: parsing private key")
}

// checkErr fails unless err contains want, or err is nil when want is "".
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Fatalf("no error, want one containing %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("error %q does not contain %q", err, want)
	}
}
