package weburl

import (
	"strconv"
	"strings"
)

// state is a state of the basic URL parser.
type state int

const (
	noState state = iota
	schemeStartState
	schemeState
	noSchemeState
	specialRelativeOrAuthorityState
	pathOrAuthorityState
	relativeState
	relativeSlashState
	specialAuthoritySlashesState
	specialAuthorityIgnoreSlashesState
	authorityState
	hostState
	hostnameState
	portState
	fileState
	fileSlashState
	fileHostState
	pathStartState
	pathState
	opaquePathState
	queryState
	fragmentState
)

const eof = -1

// parser is one run of the basic URL parser over url (modified in place).
type parser struct {
	url  *URL
	base *URL

	in       []rune
	pointer  int
	buffer   strings.Builder
	override state

	atSignSeen, insideBrackets, passwordTokenSeen bool
}

// c returns the code point at the pointer, eof past the end.
func (p *parser) c() rune {
	if p.pointer >= len(p.in) || p.pointer < 0 {
		return eof
	}
	return p.in[p.pointer]
}

// remaining returns the code points after the pointer.
func (p *parser) remaining() []rune {
	if p.pointer+1 >= len(p.in) {
		return nil
	}
	return p.in[p.pointer+1:]
}

func (p *parser) remainingStarts(r rune) bool {
	rest := p.remaining()
	return len(rest) > 0 && rest[0] == r
}

// run parses input; with a state override it starts in that state and
// changes only the parts the override concerns. A nil error from a run
// with an override also covers the standard's early "return".
func (p *parser) run(input string, override state) error {
	if override == noState {
		input = strings.TrimFunc(input, func(r rune) bool { return r <= 0x20 })
	}
	p.in = stripTabsAndNewlines(input)
	p.override = override
	st := override
	if st == noState {
		st = schemeStartState
	}
	for p.pointer = 0; ; p.pointer++ {
		next, err := p.step(st, p.c())
		if err != nil {
			if _, ok := err.(stopErr); ok {
				return nil
			}
			return err
		}
		st = next
		if p.pointer >= len(p.in) {
			return nil
		}
	}
}

// stopErr ends a run that had a state override without failing it.
type stopErr struct{}

func (stopErr) Error() string { return "stop" }

func stripTabsAndNewlines(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' {
			out = append(out, r)
		}
	}
	return out
}

func isASCIIAlpha(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }
func isASCIIDigit(r rune) bool { return '0' <= r && r <= '9' }

func lowerASCII(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// step runs one state for c and returns the next state.
func (p *parser) step(st state, c rune) (state, error) {
	switch st {
	case schemeStartState:
		return p.schemeStart(c)
	case schemeState:
		return p.scheme(c)
	case noSchemeState:
		return p.noScheme(c)
	case specialRelativeOrAuthorityState:
		if c == '/' && p.remainingStarts('/') {
			p.pointer++
			return specialAuthorityIgnoreSlashesState, nil
		}
		p.pointer--
		return relativeState, nil
	case pathOrAuthorityState:
		if c == '/' {
			return authorityState, nil
		}
		p.pointer--
		return pathState, nil
	case relativeState:
		return p.relative(c)
	case relativeSlashState:
		return p.relativeSlash(c)
	case specialAuthoritySlashesState:
		if c == '/' && p.remainingStarts('/') {
			p.pointer++
		} else {
			p.pointer--
		}
		return specialAuthorityIgnoreSlashesState, nil
	case specialAuthorityIgnoreSlashesState:
		if c != '/' && c != '\\' {
			p.pointer--
			return authorityState, nil
		}
		return st, nil
	case authorityState:
		return p.authority(c)
	case hostState, hostnameState:
		return p.host(st, c)
	case portState:
		return p.port(c)
	case fileState:
		return p.file(c)
	case fileSlashState:
		return p.fileSlash(c)
	case fileHostState:
		return p.fileHost(c)
	case pathStartState:
		return p.pathStart(c)
	case pathState:
		return p.path(c)
	case opaquePathState:
		return p.opaquePath(c)
	case queryState:
		return p.query(c)
	case fragmentState:
		if c != eof {
			var b strings.Builder
			encodeRune(&b, c, fragmentSet)
			*p.url.Fragment += b.String()
		}
		return st, nil
	}
	return st, ErrInvalid
}

func (p *parser) schemeStart(c rune) (state, error) {
	if isASCIIAlpha(c) {
		p.buffer.WriteRune(lowerASCII(c))
		return schemeState, nil
	}
	if p.override == noState {
		p.pointer--
		return noSchemeState, nil
	}
	return 0, ErrInvalid
}

func (p *parser) scheme(c rune) (state, error) {
	u := p.url
	if isASCIIAlpha(c) || isASCIIDigit(c) || c == '+' || c == '-' || c == '.' {
		p.buffer.WriteRune(lowerASCII(c))
		return schemeState, nil
	}
	if c != ':' {
		if p.override != noState {
			return 0, ErrInvalid
		}
		p.buffer.Reset()
		p.pointer = -1
		return noSchemeState, nil
	}
	buf := p.buffer.String()
	if p.override != noState {
		if isSpecial(u.Scheme) != isSpecial(buf) ||
			(u.includesCredentials() || u.Port >= 0) && buf == "file" ||
			u.Scheme == "file" && u.HasHost && u.Host == "" {
			return 0, stopErr{}
		}
	}
	u.Scheme = buf
	if p.override != noState {
		if u.Port == defaultPort(u.Scheme) {
			u.Port = -1
		}
		return 0, stopErr{}
	}
	p.buffer.Reset()
	switch {
	case u.Scheme == "file":
		return fileState, nil
	case u.IsSpecial() && p.base != nil && p.base.Scheme == u.Scheme:
		return specialRelativeOrAuthorityState, nil
	case u.IsSpecial():
		return specialAuthoritySlashesState, nil
	case p.remainingStarts('/'):
		p.pointer++
		return pathOrAuthorityState, nil
	}
	u.HasOpaque, u.Opaque, u.Path = true, "", nil
	return opaquePathState, nil
}

func (p *parser) noScheme(c rune) (state, error) {
	b, u := p.base, p.url
	if b == nil || b.HasOpaque && c != '#' {
		return 0, ErrInvalid
	}
	if b.HasOpaque {
		u.Scheme, u.HasOpaque, u.Opaque, u.Path = b.Scheme, true, b.Opaque, nil
		u.Query = copyPtr(b.Query)
		u.Fragment = strPtr("")
		return fragmentState, nil
	}
	p.pointer--
	if b.Scheme != "file" {
		return relativeState, nil
	}
	return fileState, nil
}

func copyPtr(s *string) *string {
	if s == nil {
		return nil
	}
	return strPtr(*s)
}

// copyAuthority copies the base's credentials, host and port.
func (p *parser) copyAuthority() {
	u, b := p.url, p.base
	u.Username, u.Password, u.Host, u.HasHost, u.Port = b.Username, b.Password, b.Host, b.HasHost, b.Port
}

func (p *parser) relative(c rune) (state, error) {
	u, b := p.url, p.base
	u.Scheme = b.Scheme
	if c == '/' || u.IsSpecial() && c == '\\' {
		return relativeSlashState, nil
	}
	p.copyAuthority()
	u.Path = append([]string(nil), b.Path...)
	u.Query = copyPtr(b.Query)
	switch c {
	case '?':
		u.Query = strPtr("")
		return queryState, nil
	case '#':
		u.Fragment = strPtr("")
		return fragmentState, nil
	case eof:
		return relativeState, nil
	}
	u.Query = nil
	p.shortenPath()
	p.pointer--
	return pathState, nil
}

func (p *parser) relativeSlash(c rune) (state, error) {
	if p.url.IsSpecial() && (c == '/' || c == '\\') {
		return specialAuthorityIgnoreSlashesState, nil
	}
	if c == '/' {
		return authorityState, nil
	}
	p.copyAuthority()
	p.pointer--
	return pathState, nil
}

func (p *parser) authority(c rune) (state, error) {
	u := p.url
	if c == '@' {
		buf := p.buffer.String()
		if p.atSignSeen {
			buf = "%40" + buf
		}
		p.atSignSeen = true
		var user, pass strings.Builder
		user.WriteString(u.Username)
		pass.WriteString(u.Password)
		for _, r := range buf {
			if r == ':' && !p.passwordTokenSeen {
				p.passwordTokenSeen = true
				continue
			}
			if p.passwordTokenSeen {
				encodeRune(&pass, r, userinfoSet)
			} else {
				encodeRune(&user, r, userinfoSet)
			}
		}
		u.Username, u.Password = user.String(), pass.String()
		p.buffer.Reset()
		return authorityState, nil
	}
	if c == eof || c == '/' || c == '?' || c == '#' || u.IsSpecial() && c == '\\' {
		if p.atSignSeen && p.buffer.Len() == 0 {
			return 0, ErrInvalid
		}
		p.pointer -= len([]rune(p.buffer.String())) + 1
		p.buffer.Reset()
		return hostState, nil
	}
	p.buffer.WriteRune(c)
	return authorityState, nil
}

func (p *parser) host(st state, c rune) (state, error) {
	u := p.url
	if p.override != noState && u.Scheme == "file" {
		p.pointer--
		return fileHostState, nil
	}
	if c == ':' && !p.insideBrackets {
		if p.buffer.Len() == 0 {
			return 0, ErrInvalid
		}
		if p.override == hostnameState {
			return 0, stopErr{}
		}
		h, err := parseHost(p.buffer.String(), !u.IsSpecial())
		if err != nil {
			return 0, err
		}
		u.Host, u.HasHost = h, true
		p.buffer.Reset()
		return portState, nil
	}
	if c == eof || c == '/' || c == '?' || c == '#' || u.IsSpecial() && c == '\\' {
		p.pointer--
		if u.IsSpecial() && p.buffer.Len() == 0 {
			return 0, ErrInvalid
		}
		if p.override != noState && p.buffer.Len() == 0 && (u.includesCredentials() || u.Port >= 0) {
			return 0, stopErr{}
		}
		h, err := parseHost(p.buffer.String(), !u.IsSpecial())
		if err != nil {
			return 0, err
		}
		u.Host, u.HasHost = h, true
		p.buffer.Reset()
		if p.override != noState {
			return 0, stopErr{}
		}
		return pathStartState, nil
	}
	if c == '[' {
		p.insideBrackets = true
	}
	if c == ']' {
		p.insideBrackets = false
	}
	p.buffer.WriteRune(c)
	return st, nil
}

func (p *parser) port(c rune) (state, error) {
	u := p.url
	if isASCIIDigit(c) {
		p.buffer.WriteRune(c)
		return portState, nil
	}
	if c == eof || c == '/' || c == '?' || c == '#' || u.IsSpecial() && c == '\\' || p.override != noState {
		if p.buffer.Len() != 0 {
			digits := strings.TrimLeft(p.buffer.String(), "0")
			if len(digits) > 5 {
				return 0, ErrInvalid
			}
			n, _ := strconv.Atoi(digits)
			if n > 65535 {
				return 0, ErrInvalid
			}
			if n == defaultPort(u.Scheme) {
				u.Port = -1
			} else {
				u.Port = n
			}
			p.buffer.Reset()
		}
		if p.override != noState {
			return 0, stopErr{}
		}
		p.pointer--
		return pathStartState, nil
	}
	return 0, ErrInvalid
}

func (p *parser) file(c rune) (state, error) {
	u, b := p.url, p.base
	u.Scheme, u.Host, u.HasHost = "file", "", true
	if c == '/' || c == '\\' {
		return fileSlashState, nil
	}
	if b == nil || b.Scheme != "file" {
		p.pointer--
		return pathState, nil
	}
	u.Host, u.HasHost = b.Host, b.HasHost
	u.Path = append([]string(nil), b.Path...)
	u.Query = copyPtr(b.Query)
	switch c {
	case '?':
		u.Query = strPtr("")
		return queryState, nil
	case '#':
		u.Fragment = strPtr("")
		return fragmentState, nil
	case eof:
		return fileState, nil
	}
	u.Query = nil
	if !startsWithWindowsDriveLetter(p.in[p.pointer:]) {
		p.shortenPath()
	} else {
		u.Path = nil
	}
	p.pointer--
	return pathState, nil
}

func (p *parser) fileSlash(c rune) (state, error) {
	u, b := p.url, p.base
	if c == '/' || c == '\\' {
		return fileHostState, nil
	}
	if b != nil && b.Scheme == "file" {
		u.Host, u.HasHost = b.Host, b.HasHost
		if !startsWithWindowsDriveLetter(p.in[p.pointer:]) && len(b.Path) > 0 && isNormalizedDriveLetter(b.Path[0]) {
			u.Path = append(u.Path, b.Path[0])
		}
	}
	p.pointer--
	return pathState, nil
}

func (p *parser) fileHost(c rune) (state, error) {
	u := p.url
	if c != eof && c != '/' && c != '\\' && c != '?' && c != '#' {
		p.buffer.WriteRune(c)
		return fileHostState, nil
	}
	p.pointer--
	buf := p.buffer.String()
	if p.override == noState && isWindowsDriveLetter(buf) {
		return pathState, nil // the buffer is kept: it starts the path
	}
	if buf == "" {
		u.Host, u.HasHost = "", true
		if p.override != noState {
			return 0, stopErr{}
		}
		return pathStartState, nil
	}
	h, err := parseHost(buf, false)
	if err != nil {
		return 0, err
	}
	if h == "localhost" {
		h = ""
	}
	u.Host, u.HasHost = h, true
	if p.override != noState {
		return 0, stopErr{}
	}
	p.buffer.Reset()
	return pathStartState, nil
}

func (p *parser) pathStart(c rune) (state, error) {
	u := p.url
	switch {
	case u.IsSpecial():
		if c != '/' && c != '\\' {
			p.pointer--
		}
		return pathState, nil
	case p.override == noState && c == '?':
		u.Query = strPtr("")
		return queryState, nil
	case p.override == noState && c == '#':
		u.Fragment = strPtr("")
		return fragmentState, nil
	case c != eof:
		if c != '/' {
			p.pointer--
		}
		return pathState, nil
	case p.override != noState && !u.HasHost:
		u.Path = append(u.Path, "")
	}
	return pathStartState, nil
}

func (p *parser) path(c rune) (state, error) {
	u := p.url
	slash := c == '/' || u.IsSpecial() && c == '\\'
	if !(c == eof || slash || p.override == noState && (c == '?' || c == '#')) {
		encodeRune(&p.buffer, c, pathSet)
		return pathState, nil
	}
	buf := p.buffer.String()
	switch {
	case isDoubleDot(buf):
		p.shortenPath()
		if !slash {
			u.Path = append(u.Path, "")
		}
	case isSingleDot(buf):
		if !slash {
			u.Path = append(u.Path, "")
		}
	default:
		if u.Scheme == "file" && len(u.Path) == 0 && isWindowsDriveLetter(buf) {
			buf = buf[:1] + ":"
		}
		u.Path = append(u.Path, buf)
	}
	p.buffer.Reset()
	switch c {
	case '?':
		u.Query = strPtr("")
		return queryState, nil
	case '#':
		u.Fragment = strPtr("")
		return fragmentState, nil
	}
	return pathState, nil
}

func (p *parser) opaquePath(c rune) (state, error) {
	u := p.url
	switch c {
	case '?':
		u.Query = strPtr("")
		return queryState, nil
	case '#':
		u.Fragment = strPtr("")
		return fragmentState, nil
	case eof:
		return opaquePathState, nil
	}
	var b strings.Builder
	encodeRune(&b, c, c0ControlSet)
	u.Opaque += b.String()
	return opaquePathState, nil
}

func (p *parser) query(c rune) (state, error) {
	u := p.url
	if c == eof || p.override == noState && c == '#' {
		set := querySet
		if u.IsSpecial() {
			set = specialQuerySet
		}
		*u.Query += encodeString(p.buffer.String(), set)
		p.buffer.Reset()
		if c == '#' {
			u.Fragment = strPtr("")
			return fragmentState, nil
		}
		return queryState, nil
	}
	p.buffer.WriteRune(c)
	return queryState, nil
}

func (p *parser) shortenPath() {
	u := p.url
	if u.Scheme == "file" && len(u.Path) == 1 && isNormalizedDriveLetter(u.Path[0]) {
		return
	}
	if len(u.Path) > 0 {
		u.Path = u.Path[:len(u.Path)-1]
	}
}

func isSingleDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDoubleDot(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

func isWindowsDriveLetter(s string) bool {
	return len(s) == 2 && isASCIIAlpha(rune(s[0])) && (s[1] == ':' || s[1] == '|')
}

func isNormalizedDriveLetter(s string) bool { return isWindowsDriveLetter(s) && s[1] == ':' }

// startsWithWindowsDriveLetter is the standard's test on the code points
// from the pointer on.
func startsWithWindowsDriveLetter(r []rune) bool {
	if len(r) < 2 || !isASCIIAlpha(r[0]) || (r[1] != ':' && r[1] != '|') {
		return false
	}
	if len(r) == 2 {
		return true
	}
	switch r[2] {
	case '/', '\\', '?', '#':
		return true
	}
	return false
}
