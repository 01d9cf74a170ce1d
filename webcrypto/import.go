package webcrypto

// Key formats (the KeyFormat enumeration).
const (
	FormatRaw   = "raw"
	FormatSPKI  = "spki"
	FormatPKCS8 = "pkcs8"
	FormatJWK   = "jwk"
)

// KeyData is importKey's keyData: Bytes for raw, spki and pkcs8; JWK for
// jwk.
type KeyData struct {
	Bytes []byte
	JWK   *JWK
}

// importRequest carries importKey's arguments to an algorithm.
type importRequest struct {
	format      string
	data        KeyData
	alg         Algorithm
	extractable bool
	usages      []string
}

// ImportKey is crypto.subtle.importKey for a normalized algorithm (see
// Normalize with OpImportKey). The format must be a KeyFormat and keyData
// must match it (TypeError otherwise); usages must be KeyUsages (TypeError).
// The algorithm's own checks follow the standard: SyntaxError for usages the
// key cannot have, DataError for malformed or mismatched key data,
// NotSupportedError for a format the algorithm lacks.
func ImportKey(format string, data KeyData, alg Algorithm, extractable bool, usages []string) (*Key, error) {
	switch format {
	case FormatRaw, FormatSPKI, FormatPKCS8:
		if data.JWK != nil {
			return nil, errorf(TypeError, "importKey: %s key data must be a BufferSource", format)
		}
	case FormatJWK:
		if data.JWK == nil {
			return nil, errorf(TypeError, "importKey: jwk key data must be a JsonWebKey dictionary")
		}
	default:
		return nil, errorf(TypeError, "importKey: %q is not a valid key format", format)
	}
	usages, err := normalizeUsages(usages)
	if err != nil {
		return nil, err
	}
	req := importRequest{format: format, data: data, alg: alg, extractable: extractable, usages: usages}
	var k *Key
	switch alg.Name {
	case HMAC:
		k, err = importHMAC(req)
	case RSAPKCS1, RSAPSS:
		k, err = importRSA(req)
	case ECDSA:
		k, err = importEC(req)
	case Ed25519:
		k, err = importEd25519(req)
	default:
		return nil, errorf(NotSupportedError, "importKey: algorithm %q is not supported", alg.Name)
	}
	if err != nil {
		return nil, err
	}
	if (k.typ == KeySecret || k.typ == KeyPrivate) && len(usages) == 0 {
		return nil, errorf(SyntaxError, "importKey: a %s key needs at least one usage", k.typ)
	}
	k.extractable = extractable
	k.usages = usages
	return k, nil
}

// unsupportedFormat is the NotSupportedError for a format an algorithm
// does not import.
func unsupportedFormat(alg, format string) error {
	return errorf(NotSupportedError, "importKey: %s keys cannot be imported as %q", alg, format)
}

// CheckFormat fails with TypeError unless format is a KeyFormat.
func CheckFormat(format string) error {
	switch format {
	case FormatRaw, FormatSPKI, FormatPKCS8, FormatJWK:
		return nil
	}
	return errorf(TypeError, "%q is not a valid key format", format)
}

// CheckUsages fails with TypeError unless every usage is a KeyUsage.
func CheckUsages(usages []string) error {
	_, err := normalizeUsages(usages)
	return err
}
