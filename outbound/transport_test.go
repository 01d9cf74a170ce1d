package outbound

import (
	"strings"
	"testing"
)

func TestTransportValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		proxy string
		want  string // substring of the error; "" means valid
	}{
		{"", ""},
		{"http://proxy.internal:3128", ""},
		{"socks5://127.0.0.1:1080", ""},
		{"https://user:secret@proxy:8443", ""},
		{"ftp://proxy", "scheme must be"},
		{"http://", "no host"},
		{"https://user:secret@", "no host"}, // the password never appears in a message
		{"http://user:secret@[::1", "invalid URL"},
		{"::bad", "invalid URL"},
	} {
		err := Transport{ProxyURL: tc.proxy}.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.proxy, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: error %v, want it to contain %q", tc.proxy, err, tc.want)
		case err != nil && strings.Contains(err.Error(), "secret"):
			t.Errorf("%q: error reveals the password: %v", tc.proxy, err)
		}
		if err != nil && !strings.Contains(err.Error(), "proxy_url") {
			t.Errorf("%q: error %v does not name proxy_url", tc.proxy, err)
		}
	}
}
