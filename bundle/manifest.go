package bundle

import (
	"encoding/json"
	"fmt"
	"io"
)

// ManifestName is the name of the manifest file at the root of every bundle.
const ManifestName = "manifest.json"

// Driver names accepted in custom_middleware.driver (apidef.MiddlewareDriver;
// goja exists on the gateway's master branch only).
const (
	DriverOtto     = "otto"
	DriverGoja     = "goja"
	DriverPython   = "python"
	DriverLua      = "lua"
	DriverGRPC     = "grpc"
	DriverGoPlugin = "goplugin"
)

// The JSON tags below deliberately copy apidef's field order and tags, with
// no omitempty, so that a manifest re-serialised here is byte-identical to
// the one `tyk bundle build` writes. That is why this file breaks the house
// rule of `json:",omitempty"` tags.

// Manifest is the bundle's manifest.json (apidef.BundleManifest).
type Manifest struct {
	// FileList names the bundle's files relative to its root, in the order
	// their bytes are hashed. It does not include manifest.json.
	FileList []string `json:"file_list"`
	// CustomMiddleware replaces the API's whole custom_middleware block when
	// the gateway loads the bundle.
	CustomMiddleware MiddlewareSection `json:"custom_middleware"`
	// Checksum is the lowercase hex MD5 of the file_list data.
	Checksum string `json:"checksum"`
	// Signature is the base64 RSA PKCS#1 v1.5 / SHA-256 signature of the
	// file_list data, or empty for an unsigned bundle.
	Signature string `json:"signature"`
}

// MiddlewareSection is the custom_middleware block (apidef.MiddlewareSection).
type MiddlewareSection struct {
	// Pre hooks run before authentication.
	Pre []MiddlewareDefinition `json:"pre"`
	// Post hooks run after authentication and the other built-in middleware.
	Post []MiddlewareDefinition `json:"post"`
	// PostKeyAuth hooks run right after key authentication.
	PostKeyAuth []MiddlewareDefinition `json:"post_key_auth"`
	// AuthCheck is the custom authentication hook; it counts when Name is set.
	AuthCheck MiddlewareDefinition `json:"auth_check"`
	// Response hooks run on the upstream response.
	Response []MiddlewareDefinition `json:"response"`
	// Driver selects the plugin engine, e.g. "goplugin".
	Driver string `json:"driver"`
	// IDExtractor configures session caching for custom auth.
	IDExtractor IDExtractor `json:"id_extractor"`
	// TrafficLogs hooks exist on the gateway's master branch only. The tag
	// has omitempty so that manifests without them serialise exactly as
	// older gateways' bundlers write them.
	TrafficLogs []MiddlewareDefinition `json:"traffic_logs,omitempty"`
}

// MiddlewareDefinition is one hook (apidef.MiddlewareDefinition).
type MiddlewareDefinition struct {
	// Disabled turns the hook off without removing it.
	Disabled bool `json:"disabled"`
	// Name is the function (or, for goplugin, the exported symbol) to call.
	Name string `json:"name"`
	// Path is the file holding the hook, relative to the bundle root.
	Path string `json:"path"`
	// RequireSession passes the session to the hook (coprocess drivers).
	RequireSession bool `json:"require_session"`
	// RawBodyOnly skips body decoding (coprocess drivers).
	RawBodyOnly bool `json:"raw_body_only"`
}

// IDExtractor is the custom-auth ID extractor (apidef.MiddlewareIdExtractor).
type IDExtractor struct {
	// Disabled turns the extractor off.
	Disabled bool `json:"disabled"`
	// ExtractFrom is header, form, body or querystring.
	ExtractFrom string `json:"extract_from"`
	// ExtractWith is value, regex or xpath.
	ExtractWith string `json:"extract_with"`
	// ExtractorConfig holds the extractor's settings, kept as parsed JSON.
	ExtractorConfig map[string]any `json:"extractor_config"`
}

// ReadManifest decodes a manifest the way the gateway does: with a
// json.Decoder, so unknown fields and anything after the first JSON value
// are ignored. It does not validate; see [Manifest.Validate].
func ReadManifest(r io.Reader) (Manifest, error) {
	var m Manifest
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return Manifest{}, fmt.Errorf("decoding manifest: %w", err)
	}
	return m, nil
}

// Marshal serialises the manifest exactly as `tyk bundle build` writes
// manifest.json into a bundle (json.Marshal, compact, no trailing newline).
func (m Manifest) Marshal() ([]byte, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encoding manifest: %w", err)
	}
	return data, nil
}

// hooks returns every hook of the section with its field path for messages,
// in a fixed order. auth_check is included only when it has a name, as the
// bundler counts it.
func (s MiddlewareSection) hooks() []namedHook {
	var out []namedHook
	add := func(field string, defs []MiddlewareDefinition) {
		for i, d := range defs {
			out = append(out, namedHook{field: fmt.Sprintf("custom_middleware.%s[%d]", field, i), def: d})
		}
	}
	add("pre", s.Pre)
	add("post_key_auth", s.PostKeyAuth)
	if s.AuthCheck.Name != "" || s.AuthCheck.Path != "" {
		out = append(out, namedHook{field: "custom_middleware.auth_check", def: s.AuthCheck})
	}
	add("post", s.Post)
	add("response", s.Response)
	add("traffic_logs", s.TrafficLogs)
	return out
}

// namedHook pairs a hook with its field path.
type namedHook struct {
	field string
	def   MiddlewareDefinition
}
