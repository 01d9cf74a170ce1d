package webcrypto

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"
)

// BenchmarkEd25519Verify: Web Crypto's Ed25519 verify (with the
// small-order checks) against crypto/ed25519 alone.
func BenchmarkEd25519Verify(b *testing.B) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	msg := []byte("header.payload")
	sig := ed25519.Sign(priv, msg)
	k := &Key{typ: KeyPublic, algorithm: KeyAlgorithm{Name: Ed25519}, usages: []string{UsageVerify}, ed: pub}
	b.Run("crypto-ed25519", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if !ed25519.Verify(pub, msg, sig) {
				b.Fatal("no")
			}
		}
	})
	b.Run("webcrypto", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if !ed25519Verify(k, sig, msg) {
				b.Fatal("no")
			}
		}
	})
}
