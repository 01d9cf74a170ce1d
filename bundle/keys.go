package bundle

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
)

// PEM block types accepted, as in TykTechnologies/goverify.
const (
	pemRSAPrivate = "RSA PRIVATE KEY" // PKCS#1
	pemPrivate    = "PRIVATE KEY"     // PKCS#8
	pemRSAPublic  = "RSA PUBLIC KEY"  // PKCS#1
	pemPublic     = "PUBLIC KEY"      // PKIX
)

// ParsePrivateKey parses the first PEM block of data as an RSA private key:
// "RSA PRIVATE KEY" (PKCS#1) or "PRIVATE KEY" (PKCS#8 holding an RSA key).
func ParsePrivateKey(data []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("parsing private key: no PEM block found")
	}
	switch block.Type {
	case pemRSAPrivate:
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parsing PKCS#1 private key: %w", err)
		}
		return k, nil
	case pemPrivate:
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parsing PKCS#8 private key: %w", err)
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("parsing PKCS#8 private key: %T is not an RSA key; Tyk bundles are signed with RSA", k)
		}
		return rk, nil
	default:
		return nil, fmt.Errorf("parsing private key: unsupported PEM block %q (want %q or %q)", block.Type, pemRSAPrivate, pemPrivate)
	}
}

// ParsePublicKey parses the first PEM block of data as an RSA public key:
// "RSA PUBLIC KEY" (PKCS#1) or "PUBLIC KEY" (PKIX holding an RSA key).
func ParsePublicKey(data []byte) (*rsa.PublicKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("parsing public key: no PEM block found")
	}
	switch block.Type {
	case pemRSAPublic:
		k, err := x509.ParsePKCS1PublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parsing PKCS#1 public key: %w", err)
		}
		return k, nil
	case pemPublic:
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parsing PKIX public key: %w", err)
		}
		rk, ok := k.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("parsing PKIX public key: %T is not an RSA key; Tyk bundles are signed with RSA", k)
		}
		return rk, nil
	default:
		return nil, fmt.Errorf("parsing public key: unsupported PEM block %q (want %q or %q)", block.Type, pemRSAPublic, pemPublic)
	}
}

// LoadPrivateKey reads and parses a PEM private key file.
func LoadPrivateKey(file string) (*rsa.PrivateKey, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading private key: %w", err)
	}
	k, err := ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return k, nil
}

// LoadPublicKey reads and parses a PEM public key file.
func LoadPublicKey(file string) (*rsa.PublicKey, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading public key: %w", err)
	}
	k, err := ParsePublicKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return k, nil
}
