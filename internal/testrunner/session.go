package testrunner

import (
	"encoding/json"
	"sync"
)

// session is the key session a test gives its request; it keeps the
// meta_data the endpoint writes back.
type session struct {
	raw []byte

	mu      sync.Mutex
	written bool
	meta    map[string]interface{}
}

func newSession(raw []byte) *session { return &session{raw: raw} }

func (s *session) JSON() ([]byte, error) { return s.raw, nil }

func (s *session) MetaData() map[string]interface{} {
	var v struct {
		MetaData map[string]interface{} `json:"meta_data"`
	}
	_ = json.Unmarshal(s.raw, &v)
	return v.MetaData
}

func (s *session) SetMetaData(m map[string]interface{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.written, s.meta = true, m
}

// writtenMeta returns the meta_data written back, if any.
func (s *session) writtenMeta() (map[string]interface{}, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.meta, s.written
}
