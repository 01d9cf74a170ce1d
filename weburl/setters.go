package weburl

import (
	"fmt"
	"strings"
)

// The URL class's setters. Each changes u as the standard says or leaves
// it unchanged when the value does not parse; SetHref alone reports
// failure (the class throws a TypeError for it).

// override runs the basic URL parser on u with a state override, on a
// copy so that a failure leaves u as it was.
func (u *URL) override(input string, st state) {
	c := u.Clone()
	p := parser{url: c}
	if p.run(input, st) == nil {
		*u = *c
	}
}

// SetHref replaces u with input parsed without a base.
func (u *URL) SetHref(input string) error {
	n, err := Parse(input, nil)
	if err != nil {
		return err
	}
	*u = *n
	return nil
}

// SetProtocol sets the scheme (value up to its first ':').
func (u *URL) SetProtocol(v string) { u.override(v+":", schemeStartState) }

// SetUsername sets the username, percent-encoded.
func (u *URL) SetUsername(v string) {
	if !u.CannotHaveCredentialsOrPort() {
		u.Username = encodeString(v, userinfoSet)
	}
}

// SetPassword sets the password, percent-encoded.
func (u *URL) SetPassword(v string) {
	if !u.CannotHaveCredentialsOrPort() {
		u.Password = encodeString(v, userinfoSet)
	}
}

// SetHost sets the host and, when given, the port.
func (u *URL) SetHost(v string) {
	if !u.HasOpaque {
		u.override(v, hostState)
	}
}

// SetHostname sets the host, leaving the port.
func (u *URL) SetHostname(v string) {
	if !u.HasOpaque {
		u.override(v, hostnameState)
	}
}

// SetPort sets the port; "" removes it.
func (u *URL) SetPort(v string) {
	if u.CannotHaveCredentialsOrPort() {
		return
	}
	if v == "" {
		u.Port = -1
		return
	}
	u.override(v, portState)
}

// SetPathname replaces the path.
func (u *URL) SetPathname(v string) {
	if u.HasOpaque {
		return
	}
	c := u.Clone()
	c.Path = nil
	p := parser{url: c}
	if p.run(v, pathStartState) == nil {
		*u = *c
	}
}

// SetSearch replaces the query ("" removes it).
func (u *URL) SetSearch(v string) {
	if v == "" {
		u.Query = nil
		u.stripTrailingSpacesFromOpaquePath()
		return
	}
	c := u.Clone()
	c.Query = strPtr("")
	p := parser{url: c}
	if p.run(strings.TrimPrefix(v, "?"), queryState) == nil {
		*u = *c
	}
}

// SetQuery sets the query as URLSearchParams' update steps do: nil or
// "" removes it.
func (u *URL) SetQuery(q string) {
	if q == "" {
		u.Query = nil
		u.stripTrailingSpacesFromOpaquePath()
		return
	}
	u.Query = strPtr(q)
}

// SetHash replaces the fragment ("" removes it).
func (u *URL) SetHash(v string) {
	if v == "" {
		u.Fragment = nil
		u.stripTrailingSpacesFromOpaquePath()
		return
	}
	c := u.Clone()
	c.Fragment = strPtr("")
	p := parser{url: c}
	if p.run(strings.TrimPrefix(v, "#"), fragmentState) == nil {
		*u = *c
	}
}

func (u *URL) stripTrailingSpacesFromOpaquePath() {
	if !u.HasOpaque || u.Fragment != nil || u.Query != nil {
		return
	}
	u.Opaque = strings.TrimRight(u.Opaque, " ")
}

// Set runs the setter of the URL attribute attr ("href", "protocol",
// "username", "password", "host", "hostname", "port", "pathname",
// "search", "hash") with v. Only href can fail, with a parse error; an
// unknown attribute is an error too.
func (u *URL) Set(attr, v string) error {
	switch attr {
	case "href":
		return u.SetHref(v)
	case "protocol":
		u.SetProtocol(v)
	case "username":
		u.SetUsername(v)
	case "password":
		u.SetPassword(v)
	case "host":
		u.SetHost(v)
	case "hostname":
		u.SetHostname(v)
	case "port":
		u.SetPort(v)
	case "pathname":
		u.SetPathname(v)
	case "search":
		u.SetSearch(v)
	case "hash":
		u.SetHash(v)
	default:
		return fmt.Errorf("weburl: no setter for %q", attr)
	}
	return nil
}
