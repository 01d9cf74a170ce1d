// Package gatewayver names the Tyk Gateway generations the developer tools
// (tyk-ve dev, tyk-ve test, tyk-ve migrate-report) emulate, and what differs
// between them that a virtual endpoint can see. Inside a real gateway the
// plugin needs none of this: it reads the same facts from the gateway it is
// linked into.
package gatewayver
