package bundle

import (
	"errors"
	"strings"
	"testing"
)

// TestDigestMatchesOpenSSL checks checksum and signature against values made
// by OpenSSL (see testdata/bundle/README.md), an independent implementation
// of the same algorithms the gateway uses.
func TestDigestMatchesOpenSSL(t *testing.T) {
	t.Parallel()
	wantSum := strings.TrimSpace(string(readTestdata(t, "vector.md5")))
	wantSig := strings.TrimSpace(string(readTestdata(t, "vector.sig")))
	for _, keyFile := range []string{"rsa_pkcs1_private.pem", "pkcs8_private.pem"} {
		t.Run(keyFile, func(t *testing.T) {
			t.Parallel()
			d := NewDigest()
			d.Write(readTestdata(t, "vector_a.js"))
			d.Write(readTestdata(t, "vector_b.bin"))
			if got := d.Checksum(); got != wantSum {
				t.Errorf("checksum %s, want %s", got, wantSum)
			}
			sig, err := d.Sign(privateKey(t, keyFile))
			if err != nil {
				t.Fatal(err)
			}
			if sig != wantSig {
				t.Errorf("signature differs from OpenSSL's\n got %s\nwant %s", sig, wantSig)
			}
			for _, pub := range []string{"rsa_pkcs1_public.pem", "pkix_public.pem"} {
				if err := d.VerifySignature(publicKey(t, pub), sig); err != nil {
					t.Errorf("verify with %s: %v", pub, err)
				}
			}
		})
	}
}

func TestDigestEmpty(t *testing.T) {
	t.Parallel()
	// MD5 of no data: what the gateway expects for an empty file_list.
	if got := NewDigest().Checksum(); got != "d41d8cd98f00b204e9800998ecf8427e" {
		t.Errorf("checksum of nothing = %s", got)
	}
}

func TestVerifySignatureRejects(t *testing.T) {
	t.Parallel()
	key := privateKey(t, "rsa_pkcs1_private.pem")
	d := NewDigest()
	d.Write([]byte("data"))
	sig, err := d.Sign(key)
	if err != nil {
		t.Fatal(err)
	}
	other := NewDigest()
	other.Write([]byte("datA"))
	tests := []struct {
		name    string
		digest  *Digest
		pub     string
		sig     string
		wantErr string
	}{
		{name: "good", digest: d, pub: "pkix_public.pem", sig: sig},
		{name: "other data", digest: other, pub: "pkix_public.pem", sig: sig, wantErr: "verification error"},
		{name: "other key", digest: d, pub: "other_pkix_public.pem", sig: sig, wantErr: "verification error"},
		{name: "not base64", digest: d, pub: "pkix_public.pem", sig: "!!!", wantErr: "decoding base64"},
		{name: "url encoding", digest: d, pub: "pkix_public.pem", sig: strings.NewReplacer("+", "-", "/", "_").Replace(sig) + "-_", wantErr: "decoding base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.digest.VerifySignature(publicKey(t, tt.pub), tt.sig)
			checkErr(t, err, tt.wantErr)
			if tt.wantErr != "" && !errors.Is(err, ErrInvalidSignature) {
				t.Errorf("error %v is not ErrInvalidSignature", err)
			}
		})
	}
}
