package webcrypto

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustNormalize(t testing.TB, op Operation, in AlgorithmInput) Algorithm {
	t.Helper()
	a, err := Normalize(op, in)
	if err != nil {
		t.Fatalf("normalize %+v for %s: %v", in, op, err)
	}
	return a
}

func hashIn(name string) *AlgorithmInput { return &AlgorithmInput{Name: name} }

// TestDigestNISTVectors: the FIPS 180 example messages (NIST's short
// message examples: "abc", the 448-bit two-block message, the empty one).
func TestDigestNISTVectors(t *testing.T) {
	t.Parallel()
	abc := []byte("abc")
	two := []byte("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
	tests := []struct {
		name, alg string
		msg       []byte
		want      string
	}{
		{"sha1 abc", "SHA-1", abc, "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"sha1 448", "sha-1", two, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
		{"sha1 empty", "SHA-1", nil, "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"sha256 abc", "SHA-256", abc, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"sha256 448", "Sha-256", two, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		{"sha256 empty", "SHA-256", nil, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"sha384 abc", "SHA-384", abc, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
		{"sha512 abc", "SHA-512", abc, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Digest(mustNormalize(t, OpDigest, AlgorithmInput{Name: tt.alg}), tt.msg)
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(got) != tt.want {
				t.Errorf("got %x, want %s", got, tt.want)
			}
		})
	}
}

// TestHMACRFC4231: test cases 1, 2, 3, 4, 6 and 7 of RFC 4231, signed and
// verified through importKey(raw).
func TestHMACRFC4231(t *testing.T) {
	t.Parallel()
	aa131 := bytes.Repeat([]byte{0xaa}, 131)
	tests := []struct {
		name, hash string
		key, data  []byte
		want       string
	}{
		{"tc1 sha256", "SHA-256", bytes.Repeat([]byte{0x0b}, 20), []byte("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
		{"tc1 sha384", "SHA-384", bytes.Repeat([]byte{0x0b}, 20), []byte("Hi There"), "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"},
		{"tc1 sha512", "SHA-512", bytes.Repeat([]byte{0x0b}, 20), []byte("Hi There"), "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
		{"tc2 sha256", "SHA-256", []byte("Jefe"), []byte("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
		{"tc2 sha384", "SHA-384", []byte("Jefe"), []byte("what do ya want for nothing?"), "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"},
		{"tc2 sha512", "SHA-512", []byte("Jefe"), []byte("what do ya want for nothing?"), "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
		{"tc3 sha256", "SHA-256", bytes.Repeat([]byte{0xaa}, 20), bytes.Repeat([]byte{0xdd}, 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
		{"tc4 sha256", "SHA-256", mustHex(t, "0102030405060708090a0b0c0d0e0f10111213141516171819"), bytes.Repeat([]byte{0xcd}, 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
		{"tc6 sha256", "SHA-256", aa131, []byte("Test Using Larger Than Block-Size Key - Hash Key First"), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
		{"tc7 sha256", "SHA-256", aa131, []byte("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			alg := mustNormalize(t, OpImportKey, AlgorithmInput{Name: "hmac", Hash: hashIn(tt.hash)})
			k, err := ImportKey(FormatRaw, KeyData{Bytes: tt.key}, alg, false, []string{"sign", "verify"})
			if err != nil {
				t.Fatal(err)
			}
			sa := mustNormalize(t, OpSign, AlgorithmInput{Name: "HMAC"})
			mac, err := Sign(sa, k, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(mac) != tt.want {
				t.Fatalf("got %x, want %s", mac, tt.want)
			}
			va := mustNormalize(t, OpVerify, AlgorithmInput{Name: "HMAC"})
			if ok, err := Verify(va, k, mac, tt.data); !ok || err != nil {
				t.Errorf("verify = %v, %v", ok, err)
			}
			mac[0] ^= 1
			if ok, _ := Verify(va, k, mac, tt.data); ok {
				t.Error("a changed MAC verified")
			}
		})
	}
}
