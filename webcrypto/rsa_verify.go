package webcrypto

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/subtle"
	"math/big"
)

// rsaPKCS1Verify is RSASSA-PKCS1-v1_5's verify operation.
func rsaPKCS1Verify(k *Key, sig, data []byte) (bool, error) {
	digest, id, err := sum(k.algorithm.Hash, data)
	if err != nil {
		return false, err
	}
	return rsa.VerifyPKCS1v15(k.rsa, id, digest, sig) == nil, nil
}

// rsaPSSVerify is RSA-PSS's verify operation with an exact salt length.
// crypto/rsa reads a salt length of 0 as "any length", so a zero-length
// salt is checked by emsaPSSVerify here instead.
func rsaPSSVerify(k *Key, saltLength uint32, sig, data []byte) (bool, error) {
	digest, id, err := sum(k.algorithm.Hash, data)
	if err != nil {
		return false, err
	}
	if uint64(saltLength) > uint64(k.rsa.Size()) {
		return false, nil
	}
	if saltLength == 0 {
		return emsaPSSVerify(k.rsa, id, digest, sig, 0), nil
	}
	return rsa.VerifyPSS(k.rsa, id, digest, sig, &rsa.PSSOptions{SaltLength: int(saltLength)}) == nil, nil
}

// emsaPSSVerify is RSASSA-PSS-VERIFY (RFC 8017 §8.1.2 with §9.1.2) for an
// exact salt length, MGF1 with the same hash.
func emsaPSSVerify(pub *rsa.PublicKey, h crypto.Hash, mHash, sig []byte, sLen int) bool {
	k := pub.Size()
	if len(sig) != k {
		return false
	}
	s := new(big.Int).SetBytes(sig)
	if s.Cmp(pub.N) >= 0 {
		return false
	}
	m := new(big.Int).Exp(s, big.NewInt(int64(pub.E)), pub.N)
	emBits := pub.N.BitLen() - 1
	emLen := (emBits + 7) / 8
	if m.BitLen() > emBits {
		return false
	}
	em := m.FillBytes(make([]byte, emLen))
	hLen := h.Size()
	if emLen < hLen+sLen+2 || em[emLen-1] != 0xbc {
		return false
	}
	maskedDB, hh := em[:emLen-hLen-1], em[emLen-hLen-1:emLen-1]
	topMask := byte(0xff >> (8*emLen - emBits))
	if maskedDB[0]&^topMask != 0 {
		return false
	}
	db := mgf1(h, hh, len(maskedDB))
	for i := range db {
		db[i] ^= maskedDB[i]
	}
	db[0] &= topMask
	ps := emLen - hLen - sLen - 2
	if !bytes.Equal(db[:ps], make([]byte, ps)) || db[ps] != 0x01 {
		return false
	}
	d := h.New()
	d.Write(make([]byte, 8))
	d.Write(mHash)
	d.Write(db[len(db)-sLen:])
	return subtle.ConstantTimeCompare(d.Sum(nil), hh) == 1
}

// mgf1 is MGF1 (RFC 8017 §B.2.1).
func mgf1(h crypto.Hash, seed []byte, n int) []byte {
	out := make([]byte, 0, n+h.Size())
	var ctr [4]byte
	for len(out) < n {
		d := h.New()
		d.Write(seed)
		d.Write(ctr[:])
		out = d.Sum(out)
		for i := 3; i >= 0; i-- {
			ctr[i]++
			if ctr[i] != 0 {
				break
			}
		}
	}
	return out[:n]
}
