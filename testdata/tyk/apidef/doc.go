// Package apidef is a test double of github.com/TykTechnologies/tyk/apidef:
// the Tyk Classic API definition.
//
// Only the fields tyk-ve reads are declared, with the JSON tags of Tyk
// v5.9.2. Unknown fields in a definition file are ignored on unmarshal, as
// they would be by any older gateway.
package apidef
