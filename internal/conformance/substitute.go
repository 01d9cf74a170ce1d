package conformance

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Placeholders substituted in API definitions.
const (
	// PlaceholderUpstream is replaced by the upstream URL.
	PlaceholderUpstream = "${UPSTREAM}"
	// PlaceholderDir is replaced by the absolute fixture directory.
	PlaceholderDir = "${CONFORMANCE_DIR}"
)

// APIDefinition returns the case's API definition with ${UPSTREAM} set to
// upstreamURL and ${CONFORMANCE_DIR} to the fixture directory. Values are
// JSON-escaped, so placeholders belong inside JSON strings.
func (c Case) APIDefinition(upstreamURL string) ([]byte, error) {
	if c.apiTemplate == nil {
		return nil, fmt.Errorf("case %q has no API definition loaded", c.Name)
	}
	r := strings.NewReplacer(
		PlaceholderUpstream, jsonStringContent(upstreamURL),
		PlaceholderDir, jsonStringContent(c.dir),
	)
	return []byte(r.Replace(string(c.apiTemplate))), nil
}

// Dir returns the absolute fixture directory the case was loaded from.
func (c Case) Dir() string {
	return c.dir
}

// jsonStringContent escapes s for use between the quotes of a JSON string.
func jsonStringContent(s string) string {
	b, _ := json.Marshal(s) // marshalling a string cannot fail
	return string(b[1 : len(b)-1])
}
