package weburl

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrInvalid is the parser's failure: the input is not a valid URL.
var ErrInvalid = errors.New("invalid URL")

// URL is a URL record. Host is its serialised form; HasHost tells a null
// host from an empty one. A URL with an opaque path keeps it in Opaque
// (Path is then nil).
type URL struct {
	Scheme, Username, Password string
	Host                       string
	HasHost                    bool
	Port                       int // -1: null
	Path                       []string
	Opaque                     string
	HasOpaque                  bool
	Query, Fragment            *string
}

// Parse parses input against base (nil: none) with the basic URL parser.
func Parse(input string, base *URL) (*URL, error) {
	u := &URL{Port: -1}
	p := parser{url: u, base: base}
	if err := p.run(input, noState); err != nil {
		return nil, err
	}
	return u, nil
}

// Clone returns a deep copy.
func (u *URL) Clone() *URL {
	c := *u
	c.Path = append([]string(nil), u.Path...)
	if u.Query != nil {
		q := *u.Query
		c.Query = &q
	}
	if u.Fragment != nil {
		f := *u.Fragment
		c.Fragment = &f
	}
	return &c
}

// IsSpecial reports whether the scheme is one of the special schemes.
func (u *URL) IsSpecial() bool { return isSpecial(u.Scheme) }

func isSpecial(scheme string) bool {
	switch scheme {
	case "http", "https", "ws", "wss", "ftp", "file":
		return true
	}
	return false
}

// defaultPort returns the special scheme's default port, -1 for none.
func defaultPort(scheme string) int {
	switch scheme {
	case "http", "ws":
		return 80
	case "https", "wss":
		return 443
	case "ftp":
		return 21
	}
	return -1
}

func (u *URL) includesCredentials() bool { return u.Username != "" || u.Password != "" }

// CannotHaveCredentialsOrPort reports the standard's "cannot have a
// username/password/port".
func (u *URL) CannotHaveCredentialsOrPort() bool {
	return !u.HasHost || u.Host == "" || u.Scheme == "file"
}

// String is the URL serialiser (href).
func (u *URL) String() string { return u.serialize(false) }

func (u *URL) serialize(excludeFragment bool) string {
	var b strings.Builder
	b.WriteString(u.Scheme)
	b.WriteByte(':')
	if u.HasHost {
		b.WriteString("//")
		if u.includesCredentials() {
			b.WriteString(u.Username)
			if u.Password != "" {
				b.WriteByte(':')
				b.WriteString(u.Password)
			}
			b.WriteByte('@')
		}
		b.WriteString(u.Host)
		if u.Port >= 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(u.Port))
		}
	} else if !u.HasOpaque && len(u.Path) > 1 && u.Path[0] == "" {
		b.WriteString("/.")
	}
	b.WriteString(u.Pathname())
	if u.Query != nil {
		b.WriteByte('?')
		b.WriteString(*u.Query)
	}
	if !excludeFragment && u.Fragment != nil {
		b.WriteByte('#')
		b.WriteString(*u.Fragment)
	}
	return b.String()
}

// Pathname is the URL path serialiser.
func (u *URL) Pathname() string {
	if u.HasOpaque {
		return u.Opaque
	}
	n := len(u.Path)
	for _, s := range u.Path {
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range u.Path {
		b.WriteByte('/')
		b.WriteString(s)
	}
	return b.String()
}

// Origin is the serialised origin: "scheme://host[:port]" for http(s),
// ws(s) and ftp, the inner URL's for blob: URLs of those, "null" otherwise.
func (u *URL) Origin() string {
	switch u.Scheme {
	case "blob":
		inner, err := Parse(u.Pathname(), nil)
		if err == nil && (inner.Scheme == "http" || inner.Scheme == "https") {
			return inner.Origin()
		}
		return "null"
	case "http", "https", "ws", "wss", "ftp":
		s := u.Scheme + "://" + u.Host
		if u.Port >= 0 {
			s += ":" + strconv.Itoa(u.Port)
		}
		return s
	}
	return "null"
}

// HostPort is the host getter: host and port, "" for a null host.
func (u *URL) HostPort() string {
	if !u.HasHost {
		return ""
	}
	if u.Port < 0 {
		return u.Host
	}
	return u.Host + ":" + strconv.Itoa(u.Port)
}

// PortString is the port getter.
func (u *URL) PortString() string {
	if u.Port < 0 {
		return ""
	}
	return strconv.Itoa(u.Port)
}

// Search is the search getter: "" or "?" and the query.
func (u *URL) Search() string {
	if u.Query == nil || *u.Query == "" {
		return ""
	}
	return "?" + *u.Query
}

// Hash is the hash getter: "" or "#" and the fragment.
func (u *URL) Hash() string {
	if u.Fragment == nil || *u.Fragment == "" {
		return ""
	}
	return "#" + *u.Fragment
}

func encodeUTF8(p []byte, r rune) int { return utf8.EncodeRune(p, r) }

func strPtr(s string) *string { return &s }
