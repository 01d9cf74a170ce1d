package bundle

import (
	"errors"
	"strings"
	"testing"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	key := privateKey(t, "rsa_pkcs1_private.pem")
	signed, signedManifest := build(t, goodManifest("tyk-ve.so", "examples/hello.js"), testFiles(), key)
	unsigned, unsignedManifest := build(t, goodManifest("tyk-ve.so", "examples/hello.js"), testFiles(), nil)

	// rewrite rebuilds a bundle with the given manifest over the same data.
	rewrite := func(m Manifest) []byte {
		return craftZip(t,
			zipEntry{name: "tyk-ve.so", data: "plugin bytes"},
			zipEntry{name: "examples/"},
			zipEntry{name: "examples/hello.js", data: "function hello() {}\n"},
			zipEntry{name: "manifest.json", data: mustMarshal(t, m)},
		)
	}
	reordered := signedManifest
	reordered.FileList = []string{"examples/hello.js", "tyk-ve.so"}
	tampered := craftZip(t,
		zipEntry{name: "tyk-ve.so", data: "plugin bytes!"},
		zipEntry{name: "examples/"},
		zipEntry{name: "examples/hello.js", data: "function hello() {}\n"},
		zipEntry{name: "manifest.json", data: mustMarshal(t, signedManifest)},
	)
	badChecksum := unsignedManifest
	badChecksum.Checksum = strings.ToUpper(unsignedManifest.Checksum) // the gateway compares lowercase hex exactly
	badSig := signedManifest
	badSig.Signature = "not base64!"

	tests := []struct {
		name string
		data []byte
		pub  string
		is   error
	}{
		{name: "signed with pkcs1 public key", data: signed, pub: "rsa_pkcs1_public.pem"},
		{name: "signed with pkix public key", data: signed, pub: "pkix_public.pem"},
		{name: "signed without key ignores signature", data: signed},
		{name: "unsigned without key", data: unsigned},
		{name: "unsigned with key", data: unsigned, pub: "pkix_public.pem", is: ErrNotSigned},
		{name: "wrong key", data: signed, pub: "other_pkix_public.pem", is: ErrInvalidSignature},
		{name: "tampered file", data: tampered, pub: "pkix_public.pem", is: ErrInvalidChecksum},
		{name: "tampered file without key", data: tampered, is: ErrInvalidChecksum},
		{name: "file_list reordered", data: rewrite(reordered), is: ErrInvalidChecksum},
		{name: "uppercase checksum", data: rewrite(badChecksum), is: ErrInvalidChecksum},
		{name: "signature not base64", data: rewrite(badSig), pub: "pkix_public.pem", is: ErrInvalidSignature},
		{name: "signature not base64 without key", data: rewrite(badSig)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var opts VerifyOptions
			if tt.pub != "" {
				opts.PublicKey = publicKey(t, tt.pub)
			}
			err := mustOpen(t, tt.data).Verify(opts)
			if tt.is == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.is) {
				t.Fatalf("Verify error = %v, want %v", err, tt.is)
			}
		})
	}
}

func TestVerifyGatewayMessages(t *testing.T) {
	t.Parallel()
	// The gateway's own words, lowercased as on its master branch.
	if ErrInvalidChecksum.Error() != "invalid checksum" || ErrNotSigned.Error() != "bundle isn't signed" {
		t.Errorf("sentinel text changed: %q, %q", ErrInvalidChecksum, ErrNotSigned)
	}
}

// mustMarshal serialises a manifest or fails the test.
func mustMarshal(t *testing.T, m Manifest) string {
	t.Helper()
	data, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
