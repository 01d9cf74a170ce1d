package oas

import (
	"encoding/json"
	"fmt"
)

// ExtensionTykAPIGateway is the OpenAPI extension that holds Tyk's settings.
const ExtensionTykAPIGateway = "x-tyk-api-gateway"

// OAS is a Tyk OAS API definition.
//
// The zero value is an empty document. An OAS is not safe for concurrent
// mutation; concurrent reads (including GetTykExtension and json.Marshal) are
// safe, because the extension is decoded once, in UnmarshalJSON.
type OAS struct {
	// members holds the document's top-level members in order. The
	// extension's member keeps its position but its value is re-rendered
	// from ext on marshal.
	members []member
	// ext is the typed extension, nil when the document has none.
	ext *XTykAPIGateway
	// extRaw is the extension as read, used to keep members ext does not
	// model.
	extRaw json.RawMessage
}

// UnmarshalJSON reads an OpenAPI document. Unlike kin-openapi it does not
// validate the OpenAPI part; the x-tyk-api-gateway extension, if present,
// must decode into XTykAPIGateway.
func (s *OAS) UnmarshalJSON(data []byte) error {
	ms, err := decodeMembers(data)
	if err != nil {
		return fmt.Errorf("decoding OAS document: %w", err)
	}
	var (
		ext    *XTykAPIGateway
		extRaw json.RawMessage
	)
	for _, m := range ms {
		if m.Key != ExtensionTykAPIGateway || string(m.Value) == "null" {
			continue
		}
		ext = &XTykAPIGateway{}
		if err := json.Unmarshal(m.Value, ext); err != nil {
			return fmt.Errorf("decoding %s: %w", ExtensionTykAPIGateway, err)
		}
		extRaw = m.Value
	}
	*s = OAS{members: ms, ext: ext, extRaw: extRaw}
	return nil
}

// MarshalJSON renders the whole document, with x-tyk-api-gateway taken from
// the typed extension (plus any members the double does not model).
func (s OAS) MarshalJSON() ([]byte, error) {
	out := make([]member, 0, len(s.members)+1)
	placed := false
	for _, m := range s.members {
		if m.Key != ExtensionTykAPIGateway {
			out = append(out, m)
			continue
		}
		if s.ext == nil {
			continue
		}
		v, err := s.renderExtension()
		if err != nil {
			return nil, err
		}
		out = append(out, member{Key: m.Key, Value: v})
		placed = true
	}
	if !placed && s.ext != nil {
		v, err := s.renderExtension()
		if err != nil {
			return nil, err
		}
		out = append(out, member{Key: ExtensionTykAPIGateway, Value: v})
	}
	return encodeMembers(out)
}

func (s *OAS) renderExtension() (json.RawMessage, error) {
	typed, err := json.Marshal(s.ext)
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", ExtensionTykAPIGateway, err)
	}
	if s.extRaw == nil {
		return typed, nil
	}
	return overlay(typed, s.extRaw)
}

// GetTykExtension returns the typed x-tyk-api-gateway extension, or nil if
// the document has none. The result aliases the definition: changes to it
// show in later marshals.
func (s *OAS) GetTykExtension() *XTykAPIGateway {
	return s.ext
}

// SetTykExtension replaces the x-tyk-api-gateway extension.
func (s *OAS) SetTykExtension(x *XTykAPIGateway) {
	s.ext = x
	s.extRaw = nil
}

// GetTykMiddleware returns the extension's middleware section, or nil.
func (s *OAS) GetTykMiddleware() *Middleware {
	if s.ext == nil {
		return nil
	}
	return s.ext.Middleware
}
