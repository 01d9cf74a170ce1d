package bundle

import "errors"

// Sentinel errors. Those marked "gateway" are failures the Tyk Gateway itself
// reports for the same bundle; the others are safety checks that the gateway
// does not make but that a bundle built for it never fails.
var (
	// ErrInvalidChecksum (gateway: "invalid checksum") means the MD5 of the
	// file_list data differs from the manifest's checksum.
	ErrInvalidChecksum = errors.New("invalid checksum")
	// ErrNotSigned (gateway: "bundle isn't signed") means a public key was
	// given but the manifest has no signature.
	ErrNotSigned = errors.New("bundle isn't signed")
	// ErrInvalidSignature (gateway: the goverify or base64 error) means the
	// signature does not verify with the public key.
	ErrInvalidSignature = errors.New("invalid signature")
	// ErrNoManifest (gateway: open manifest.json fails) means the ZIP has no
	// manifest.json at its root.
	ErrNoManifest = errors.New("bundle has no manifest.json")
	// ErrMissingFile (gateway: open fails during verification) means a
	// file_list entry is not a regular file in the ZIP.
	ErrMissingFile = errors.New("file listed in manifest is missing from bundle")
	// ErrMissingDir (gateway: unpacking fails with "no such file or
	// directory") means a nested entry comes before, or without, the
	// directory entry of its parent.
	ErrMissingDir = errors.New("entry's parent directory has no earlier directory entry")
	// ErrUnsafePath means an entry name is absolute, not clean, uses
	// backslashes or climbs out of the bundle with "..".
	ErrUnsafePath = errors.New("unsafe entry path")
	// ErrDuplicateEntry means two ZIP entries share a name.
	ErrDuplicateEntry = errors.New("duplicate entry")
	// ErrNotRegular means an entry is a symlink, device or other special file.
	ErrNotRegular = errors.New("entry is not a regular file or directory")
	// ErrTooLarge means an entry, the total, or the entry count exceeds the
	// configured Limits.
	ErrTooLarge = errors.New("bundle exceeds size limits")
	// ErrInvalidManifest means a manifest failed Validate.
	ErrInvalidManifest = errors.New("invalid manifest")
)
