// Package oas is a test double of github.com/TykTechnologies/tyk/apidef/oas:
// a Tyk OAS API definition, i.e. an OpenAPI document carrying Tyk's
// `x-tyk-api-gateway` extension.
//
// The real OAS type embeds kin-openapi's openapi3.T (a Tyk fork that cannot be
// downloaded here). The double keeps the OpenAPI part of the document as raw,
// ordered JSON and decodes only the extension into typed structs, so that
// json.Marshal of an *OAS yields the whole document, with the extension
// rendered from its typed form like Tyk does.
package oas
