package gatewayver

import (
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// Version is a gateway generation: the releases that behave alike for
// virtual endpoints.
type Version string

// The generations, oldest first.
const (
	// V58 is the 5.8 LTS line.
	V58 Version = "5.8"
	// V59 stands for 5.9 to 5.14: their sessions have the same shape.
	V59 Version = "5.9"
	// Master is Tyk's development head (2026), the newest.
	Master Version = "master"
)

// Newest is the default generation of the developer tools.
const Newest = Master

// Versions lists every generation, oldest first.
var Versions = []Version{V58, V59, Master}

//go:embed session_5.8.json
var session58 []byte

//go:embed session_5.9.json
var session59 []byte

// Parse reads a gateway version as a user writes it: "master", or a release
// such as "5.8", "5.8.15", "v5.12.1" or "5.14". Releases from 5.9 to 5.14
// map to V59; a release before 5.8 or after 5.14 is an error (name master
// for newer code).
func Parse(s string) (Version, error) {
	t := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "v")
	if t == "" || t == string(Master) {
		return Master, nil
	}
	parts := strings.Split(t, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return "", fmt.Errorf("gateway version %q: want master or a release like 5.8 or 5.12.1", s)
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return "", fmt.Errorf("gateway version %q: %q is not a number", s, p)
		}
		nums[i] = n
	}
	switch {
	case nums[0] == 5 && nums[1] == 8:
		return V58, nil
	case nums[0] == 5 && nums[1] >= 9 && nums[1] <= 14:
		return V59, nil
	}
	return "", fmt.Errorf("gateway version %q: supported are 5.8 to 5.14 and master", s)
}

// EmptySession is the JSON an endpoint without use_session receives as its
// session argument on this generation: a new user.SessionState as the
// gateway marshals it (every field with its zero value up to 5.14; {} on
// master, where every field is omitempty). The result is a fresh copy.
func (v Version) EmptySession() []byte {
	switch v {
	case V58:
		return bytes.TrimSpace(append([]byte(nil), session58...))
	case V59:
		return bytes.TrimSpace(append([]byte(nil), session59...))
	}
	return []byte("{}")
}

// String returns the name the flags accept.
func (v Version) String() string { return string(v) }
