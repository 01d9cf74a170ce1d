package webcrypto

import "strings"

// Operation is what an algorithm is normalized for (the standard's "op").
type Operation string

// The operations this package implements.
const (
	OpDigest    Operation = "digest"
	OpImportKey Operation = "importKey"
	OpSign      Operation = "sign"
	OpVerify    Operation = "verify"
)

// Canonical algorithm names, as the standard registers them.
const (
	SHA1      = "SHA-1"
	SHA256    = "SHA-256"
	SHA384    = "SHA-384"
	SHA512    = "SHA-512"
	HMAC      = "HMAC"
	RSAPKCS1  = "RSASSA-PKCS1-v1_5"
	RSAPSS    = "RSA-PSS"
	ECDSA     = "ECDSA"
	Ed25519   = "Ed25519"
	memberHsh = "hash"
)

// Dictionary members an algorithm's parameters may have.
const (
	MemberHash       = memberHsh
	MemberLength     = "length"
	MemberNamedCurve = "namedCurve"
	MemberSaltLength = "saltLength"
)

// param is one member of a parameter dictionary.
type param struct {
	name     string
	required bool
}

// registered is the standard's "supportedAlgorithms" for the operations
// implemented here: for each operation, each algorithm's parameter members
// (nil: the dictionary is plain Algorithm).
var registered = map[Operation]map[string][]param{
	OpDigest: {SHA1: nil, SHA256: nil, SHA384: nil, SHA512: nil},
	OpImportKey: {
		HMAC:     {{MemberHash, true}, {MemberLength, false}},
		RSAPKCS1: {{MemberHash, true}},
		RSAPSS:   {{MemberHash, true}},
		ECDSA:    {{MemberNamedCurve, true}},
		Ed25519:  nil,
	},
	OpSign: {
		HMAC: nil, RSAPKCS1: nil, RSAPSS: {{MemberSaltLength, true}},
		ECDSA: {{MemberHash, true}}, Ed25519: nil,
	},
	OpVerify: {
		HMAC: nil, RSAPKCS1: nil, RSAPSS: {{MemberSaltLength, true}},
		ECDSA: {{MemberHash, true}}, Ed25519: nil,
	},
}

// AlgorithmInput is an AlgorithmIdentifier as a caller read it: a string
// becomes {Name}; an object gives its name and whichever members Members
// asked for (nil when absent or undefined).
type AlgorithmInput struct {
	Name       string
	Hash       *AlgorithmInput
	Length     *uint32
	NamedCurve *string
	SaltLength *uint32
}

// Algorithm is a normalized algorithm: the canonical name and the members
// its dictionary has (Hash normalized for digest).
type Algorithm struct {
	Name       string
	Hash       string
	Length     uint32
	HasLength  bool
	NamedCurve string
	SaltLength uint32
}

// Lookup finds the registered algorithm for op whose name matches name
// ASCII case-insensitively, returning its canonical name and the members of
// its parameter dictionary, which the caller reads from the script's object
// before Normalize. An unknown name is NotSupportedError.
func Lookup(op Operation, name string) (canonical string, members []string, err error) {
	algs, ok := registered[op]
	if !ok {
		return "", nil, errorf(NotSupportedError, "operation %q is not supported", op)
	}
	for n, params := range algs {
		if strings.EqualFold(n, name) {
			for _, p := range params {
				members = append(members, p.name)
			}
			return n, members, nil
		}
	}
	return "", nil, errorf(NotSupportedError, "algorithm %q is not supported for %s", name, op)
}

// Normalize is the standard's "normalize an algorithm" for op: the name is
// matched case-insensitively (unknown: NotSupportedError), a required member
// that is missing is a TypeError, and a hash member is normalized for
// digest.
func Normalize(op Operation, in AlgorithmInput) (Algorithm, error) {
	name, _, err := Lookup(op, in.Name)
	if err != nil {
		return Algorithm{}, err
	}
	out := Algorithm{Name: name}
	for _, p := range registered[op][name] {
		if err := out.set(p, in); err != nil {
			return Algorithm{}, err
		}
	}
	return out, nil
}

// set copies member p from in, normalizing a hash.
func (a *Algorithm) set(p param, in AlgorithmInput) error {
	present := false
	switch p.name {
	case MemberHash:
		if in.Hash != nil {
			present = true
			h, err := Normalize(OpDigest, *in.Hash)
			if err != nil {
				return err
			}
			a.Hash = h.Name
		}
	case MemberLength:
		if in.Length != nil {
			present, a.HasLength, a.Length = true, true, *in.Length
		}
	case MemberNamedCurve:
		if in.NamedCurve != nil {
			present, a.NamedCurve = true, *in.NamedCurve
		}
	case MemberSaltLength:
		if in.SaltLength != nil {
			present, a.SaltLength = true, *in.SaltLength
		}
	}
	if !present && p.required {
		return errorf(TypeError, "%s: required member %s is missing", a.Name, p.name)
	}
	return nil
}
