package vm

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
)

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// captureLogger returns a debug-level JSON logger writing into a buffer.
func captureLogger() (*logrus.Entry, *logBuffer) {
	buf := &logBuffer{}
	l := logrus.New()
	l.SetOutput(buf)
	l.SetFormatter(&logrus.JSONFormatter{})
	l.SetLevel(logrus.DebugLevel)
	return logrus.NewEntry(l), buf
}

// veSource wraps a JavaScript function body into a virtual endpoint "run"
// that answers String(<what the body returned>).
func veSource(body string) string {
	return "function run(request, session, config) {\n\tvar out = (function () {\n" + body +
		"\n\t})();\n\treturn TykJsResponse({Body: String(out), Code: 200}, null);\n}"
}

// runVE runs body in a fresh pool (see veSource) and returns the body the
// endpoint answered.
func runVE(t *testing.T, mutate func(*PoolConfig), body string) (string, error) {
	t.Helper()
	p := newTestPool(t, mutate, veSource(body))
	resp, err := call(t, p, "run", nil)
	if err != nil {
		return "", err
	}
	return resp.Body, nil
}

// js quotes s as a JavaScript string literal (ASCII input).
func js(s string) string { return strconv.Quote(s) }

func TestOutboundPolicyValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		policy OutboundPolicy
		want   []string // substrings of the error; nil means valid
	}{
		{"zero", OutboundPolicy{}, nil},
		{"cidrs and ips", OutboundPolicy{Allow: []string{"10.0.0.0/8", "::1", "fd00::/8"}, Deny: []string{"0.0.0.0/0", "192.168.1.1"}}, nil},
		{"bad entries named", OutboundPolicy{Allow: []string{"10.0.0.0/8", "nope"}, Deny: []string{"1.2.3.4/33"}},
			[]string{`allow[1]: invalid CIDR or IP address "nope"`, `deny[0]: invalid CIDR or IP address "1.2.3.4/33"`}},
		{"zone refused", OutboundPolicy{Deny: []string{"fe80::1%eth0"}}, []string{"deny[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.policy.Validate()
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate: no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestHostValidateNamesFields(t *testing.T) {
	t.Parallel()
	h := &Host{Outbound: OutboundPolicy{Allow: []string{"x"}, Deny: []string{"y"}}, OutboundTransport: OutboundTransport{MaxVersion: 7, ProxyURL: "ftp://proxy"}}
	err := h.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{"outbound.allow[0]:", "outbound.deny[0]:", "proxy.transport.ssl_max_version:", "proxy.transport.proxy_url:"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	if err := (&Host{}).Validate(); err != nil {
		t.Errorf("zero Host: %v", err)
	}
}

func TestOutboundPolicyCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		policy  OutboundPolicy
		addr    string
		refused string // reason substring; "" means allowed
	}{
		{"public v4", OutboundPolicy{}, "93.184.216.34", ""},
		{"loopback", OutboundPolicy{}, "127.0.0.1", ""},
		{"private", OutboundPolicy{}, "10.1.2.3", ""},
		{"aws metadata", OutboundPolicy{}, "169.254.169.254", "cloud metadata"},
		{"mapped metadata", OutboundPolicy{}, "::ffff:169.254.169.254", "cloud metadata"},
		{"nat64 metadata", OutboundPolicy{}, "64:ff9b::a9fe:a9fe", "cloud metadata"},
		{"aws v6 metadata", OutboundPolicy{}, "fd00:ec2::254", "cloud metadata"},
		{"alibaba metadata", OutboundPolicy{}, "100.100.100.200", "cloud metadata"},
		{"ecs metadata", OutboundPolicy{}, "169.254.170.2", "cloud metadata"},
		{"link-local v4", OutboundPolicy{}, "169.254.1.1", "link-local"},
		{"link-local v6", OutboundPolicy{}, "fe80::1", "link-local"},
		{"link-local v6 zoned", OutboundPolicy{}, "fe80::1%eth0", "link-local"},
		{"link-local allowed", OutboundPolicy{AllowLinkLocal: true}, "169.254.1.1", ""},
		{"metadata stays refused with link-local", OutboundPolicy{AllowLinkLocal: true}, "169.254.169.254", "cloud metadata"},
		{"allow overrides metadata", OutboundPolicy{Allow: []string{"169.254.169.254/32"}}, "169.254.169.254", ""},
		{"allow overrides link-local", OutboundPolicy{Allow: []string{"169.254.0.0/16"}}, "169.254.1.1", ""},
		{"deny", OutboundPolicy{Deny: []string{"10.0.0.0/8"}}, "10.1.2.3", "deny[0]"},
		{"longer allow wins", OutboundPolicy{Deny: []string{"10.0.0.0/8"}, Allow: []string{"10.1.2.3"}}, "10.1.2.3", ""},
		{"longer allow misses", OutboundPolicy{Deny: []string{"10.0.0.0/8"}, Allow: []string{"10.1.2.3"}}, "10.1.2.4", "deny[0]"},
		{"longer deny wins", OutboundPolicy{Allow: []string{"10.0.0.0/8"}, Deny: []string{"8.8.8.8", "10.9.0.0/16"}}, "10.9.1.1", "deny[1]"},
		{"tie goes to deny", OutboundPolicy{Allow: []string{"10.0.0.0/8"}, Deny: []string{"10.0.0.0/8"}}, "10.1.1.1", "deny[0]"},
		{"deny-all allow-one", OutboundPolicy{Deny: []string{"0.0.0.0/0", "::/0"}, Allow: []string{"127.0.0.1"}}, "127.0.0.2", "deny[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ap, err := tc.policy.compile()
			if err != nil {
				t.Fatal(err)
			}
			err = ap.check(netip.MustParseAddr(tc.addr))
			switch {
			case tc.refused == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.refused != "" && (err == nil || !errors.Is(err, ErrAddressRefused) || !strings.Contains(err.Error(), tc.refused)):
				t.Fatalf("got %v, want refusal %q", err, tc.refused)
			}
		})
	}
}

// TestOutboundDialRefusesBeforeConnect dials refused addresses through the
// real client. The policy runs in the dialer's Control hook, which the
// kernel reaches after socket(2) and before connect(2): a refusal sends no
// packet, so these return at once even where the address is unroutable.
func TestOutboundDialRefusesBeforeConnect(t *testing.T) {
	t.Parallel()
	var upstreamHits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { upstreamHits.Add(1) }))
	t.Cleanup(srv.Close)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	for _, tc := range []struct {
		name   string
		policy OutboundPolicy
		url    string
		addr   string // the address the error must name
	}{
		{"metadata", OutboundPolicy{}, "http://169.254.169.254/latest/meta-data/", "169.254.169.254:80"},
		{"metadata with port", OutboundPolicy{}, "http://169.254.169.254:8080/", "169.254.169.254:8080"},
		{"alibaba", OutboundPolicy{}, "http://100.100.100.200/", "100.100.100.200:80"},
		{"denied loopback", OutboundPolicy{Deny: []string{"127.0.0.0/8"}}, srv.URL, "127.0.0.1:" + port},
		// localhost is resolved first and the resolved address checked:
		// a name cannot smuggle a refused address past the policy.
		{"denied via name", OutboundPolicy{Deny: []string{"127.0.0.0/8", "::1"}}, "http://localhost:" + port + "/", ":" + port},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			client, err := NewHTTPClient(tc.policy, OutboundTransport{})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, tc.url, nil)
			start := time.Now()
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
				t.Fatal("request succeeded")
			}
			var refused *AddressRefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("error %v is not an *AddressRefusedError", err)
			}
			if !strings.Contains(refused.Addr, tc.addr) {
				t.Errorf("refused address %q, want it to contain %q", refused.Addr, tc.addr)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("refusal took %v: the dial was attempted", d)
			}
		})
	}
	if n := upstreamHits.Load(); n != 0 {
		t.Errorf("upstream saw %d requests", n)
	}
}

func TestOutboundAllowOverride(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		name   string
		policy OutboundPolicy
		ok     bool
	}{
		{"default allows loopback", OutboundPolicy{}, true},
		{"deny /8", OutboundPolicy{Deny: []string{"127.0.0.0/8"}}, false},
		{"deny /8, allow host", OutboundPolicy{Deny: []string{"127.0.0.0/8"}, Allow: []string{"127.0.0.1/32"}}, true},
		{"deny all, allow host", OutboundPolicy{Deny: []string{"0.0.0.0/0"}, Allow: []string{"127.0.0.1"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			client, err := NewHTTPClient(tc.policy, OutboundTransport{})
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Get(srv.URL)
			if err == nil {
				resp.Body.Close()
			}
			if tc.ok != (err == nil) {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrAddressRefused) {
				t.Fatalf("err = %v, want ErrAddressRefused", err)
			}
		})
	}
}

func TestSharedHTTPClient(t *testing.T) {
	t.Parallel()
	if DefaultHTTPClient() != DefaultHTTPClient() {
		t.Error("DefaultHTTPClient is not shared")
	}
	a, _ := (&Host{}).httpClient()
	if a != DefaultHTTPClient() {
		t.Error("zero Host does not use the default client")
	}
	p := OutboundPolicy{Deny: []string{"10.0.0.0/8"}}
	b, _ := (&Host{Outbound: p}).httpClient()
	c, _ := (&Host{Outbound: p}).httpClient()
	if b != c || b == a {
		t.Error("Hosts with equal options must share one client, distinct from the default")
	}
	own := &http.Client{}
	if got, _ := (&Host{HTTPClient: own, Outbound: p}).httpClient(); got != own {
		t.Error("Host.HTTPClient not used")
	}
	if _, err := (&Host{Outbound: OutboundPolicy{Deny: []string{"bad"}}}).httpClient(); err == nil {
		t.Error("invalid policy gave a client")
	}
	CloseOutboundIdleConnections() // must not disturb clients in use
	tr := DefaultHTTPClient().Transport.(*http.Transport)
	if tr.Proxy == nil || tr.MaxIdleConnsPerHost < 2 || DefaultHTTPClient().Timeout != 0 {
		t.Errorf("transport settings: proxy=%v idle/host=%d timeout=%v", tr.Proxy != nil, tr.MaxIdleConnsPerHost, DefaultHTTPClient().Timeout)
	}
}

// TestOutboundControlUnparsable covers the fail-closed path.
func TestOutboundControlUnparsable(t *testing.T) {
	t.Parallel()
	ap, _ := OutboundPolicy{}.compile()
	if err := ap.control("tcp", "not-an-address", nil); !errors.Is(err, ErrAddressRefused) {
		t.Fatalf("got %v", err)
	}
	if err := ap.control("tcp", "[fe80::1%lo]:80", nil); !errors.Is(err, ErrAddressRefused) {
		t.Fatalf("zoned link-local: got %v", err)
	}
	if err := ap.control("tcp", net.JoinHostPort("127.0.0.1", "80"), nil); err != nil {
		t.Fatalf("loopback: %v", err)
	}
}
