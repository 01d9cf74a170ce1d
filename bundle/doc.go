// Package bundle reads, writes and verifies Tyk plugin bundles: the ZIP files
// a Tyk Gateway downloads from its bundle server when an API sets
// custom_middleware_bundle.
//
// The formats follow the gateway byte for byte (tyk-contract §5):
//
//   - manifest.json at the root of the ZIP is an apidef.BundleManifest:
//     file_list, custom_middleware, checksum and signature. It is serialised
//     the way `tyk bundle build` does (json.Marshal, no indentation).
//   - checksum is the lowercase hex MD5 of the raw bytes of every file in
//     file_list, concatenated in list order with no separators.
//   - signature is the base64 (StdEncoding) RSA PKCS#1 v1.5 signature over the
//     SHA-256 of the same bytes, as TykTechnologies/goverify makes it.
//
// [Build] writes a deterministic bundle: the same inputs give the same bytes.
// [Open] reads a bundle and rejects what the gateway could not unpack or what
// would be unsafe to unpack; [Bundle.Verify] checks the checksum and signature
// exactly as the gateway does; [Bundle.Extract] unpacks a bundle safely.
//
// One deliberate difference from `tyk bundle build`: the gateway creates a
// directory only for an explicit directory entry in the ZIP (it calls Mkdir,
// not MkdirAll), so a file_list path such as "examples/hello.js" fails to
// unpack unless "examples/" comes first. Build therefore writes directory
// entries for nested paths, and Open reports a nested file whose directory
// entry is missing. Flat bundles come out identical to `tyk bundle build`.
package bundle
