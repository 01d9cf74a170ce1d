package oas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// member is one name/value pair of a JSON object, kept in document order.
type member struct {
	Key   string
	Value json.RawMessage
}

// errNotObject reports JSON that is not an object where one is required.
var errNotObject = errors.New("not a JSON object")

// decodeMembers splits a JSON object into its members, in order.
func decodeMembers(data []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errNotObject
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("unexpected token %v", tok)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("member %q: %w", key, err)
		}
		out = append(out, member{Key: key, Value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return out, nil
}

// encodeMembers renders members as a JSON object.
func encodeMembers(ms []member) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(m.Key)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(m.Value)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// overlay returns typed with every member of raw that typed lacks appended,
// recursing into members that are objects on both sides. Values present in
// typed win. It lets the double round-trip extension fields it does not
// model without hiding changes made through the typed view.
func overlay(typed, raw json.RawMessage) (json.RawMessage, error) {
	tm, err := decodeMembers(typed)
	if err != nil {
		return typed, nil //nolint:nilerr // not an object: typed wins as is
	}
	rm, err := decodeMembers(raw)
	if err != nil {
		return typed, nil //nolint:nilerr // raw is not an object: nothing to keep
	}
	seen := make(map[string]int, len(tm))
	for i, m := range tm {
		seen[m.Key] = i
	}
	for _, m := range rm {
		i, ok := seen[m.Key]
		if !ok {
			tm = append(tm, m)
			continue
		}
		merged, err := overlay(tm[i].Value, m.Value)
		if err != nil {
			return nil, err
		}
		tm[i].Value = merged
	}
	return encodeMembers(tm)
}
