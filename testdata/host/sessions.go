package host

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/TykTechnologies/tyk/user"
)

// SessionStore is the harness's key store, standing in for Redis: sessions
// are kept as JSON, each request gets a fresh copy, and modified sessions
// are written back.
type SessionStore struct {
	mu   sync.Mutex
	keys map[string]*storedSession
}

type storedSession struct {
	state  []byte // user.SessionState JSON
	writes int
}

// NewSessionStore returns an empty store.
func NewSessionStore() *SessionStore {
	return &SessionStore{keys: map[string]*storedSession{}}
}

// Add stores state (a SessionState JSON object) under key.
func (s *SessionStore) Add(key string, state []byte) error {
	var probe user.SessionState
	if err := json.Unmarshal(state, &probe); err != nil {
		return fmt.Errorf("session %q: decoding state: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[key] = &storedSession{state: append([]byte(nil), state...)}
	return nil
}

// load returns a fresh copy of key's session.
func (s *SessionStore) load(key string) (*user.SessionState, bool) {
	s.mu.Lock()
	st, ok := s.keys[key]
	s.mu.Unlock()
	if !ok {
		return nil, false
	}
	var sess user.SessionState
	if err := json.Unmarshal(st.state, &sess); err != nil {
		return nil, false // validated by Add
	}
	return &sess, true
}

// save writes sess back under key.
func (s *SessionStore) save(key string, sess *user.SessionState) error {
	data, err := json.Marshal(sess)
	if err != nil {
		return fmt.Errorf("session %q: encoding: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.keys[key]
	if !ok {
		st = &storedSession{}
		s.keys[key] = st
	}
	st.state = data
	st.writes++
	return nil
}

// Stored returns the meta_data stored for key and whether the session was
// ever written back. It matches conformance.Instance.StoredSession.
func (s *SessionStore) Stored(key string) (map[string]interface{}, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.keys[key]
	if !ok {
		return nil, false
	}
	var sess user.SessionState
	_ = json.Unmarshal(st.state, &sess) // written by Add or save
	return sess.MetaData, st.writes > 0
}

// Writes returns how many times key's session was written back.
func (s *SessionStore) Writes(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.keys[key]; ok {
		return st.writes
	}
	return 0
}
