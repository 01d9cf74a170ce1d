package outbound

import (
	"errors"
	"net/url"
)

// redactURL is u without user info, query or fragment, for logs: enough to
// name the destination, never a credential carried in the URL.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// transportError strips the *url.Error wrapper (whose text repeats the full
// URL, query included) from a client error.
func TransportError(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
