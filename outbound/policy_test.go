package outbound

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		policy Policy
		want   []string // substrings of the error; nil means valid
	}{
		{"zero", Policy{}, nil},
		{"cidrs and ips", Policy{Allow: []string{"10.0.0.0/8", "::1", "fd00::/8"}, Deny: []string{"0.0.0.0/0", "192.168.1.1"}}, nil},
		{"bad entries named", Policy{Allow: []string{"10.0.0.0/8", "nope"}, Deny: []string{"1.2.3.4/33"}},
			[]string{`allow[1]: invalid CIDR or IP address "nope"`, `deny[0]: invalid CIDR or IP address "1.2.3.4/33"`}},
		{"zone refused", Policy{Deny: []string{"fe80::1%eth0"}}, []string{"deny[0]"}},
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

func TestPolicyCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		policy  Policy
		addr    string
		refused string // reason substring; "" means allowed
	}{
		{"public v4", Policy{}, "93.184.216.34", ""},
		{"loopback", Policy{}, "127.0.0.1", ""},
		{"private", Policy{}, "10.1.2.3", ""},
		{"aws metadata", Policy{}, "169.254.169.254", "cloud metadata"},
		{"mapped metadata", Policy{}, "::ffff:169.254.169.254", "cloud metadata"},
		{"nat64 metadata", Policy{}, "64:ff9b::a9fe:a9fe", "cloud metadata"},
		{"aws v6 metadata", Policy{}, "fd00:ec2::254", "cloud metadata"},
		{"alibaba metadata", Policy{}, "100.100.100.200", "cloud metadata"},
		{"ecs metadata", Policy{}, "169.254.170.2", "cloud metadata"},
		{"link-local v4", Policy{}, "169.254.1.1", "link-local"},
		{"link-local v6", Policy{}, "fe80::1", "link-local"},
		{"link-local v6 zoned", Policy{}, "fe80::1%eth0", "link-local"},
		{"link-local allowed", Policy{AllowLinkLocal: true}, "169.254.1.1", ""},
		{"metadata stays refused with link-local", Policy{AllowLinkLocal: true}, "169.254.169.254", "cloud metadata"},
		{"allow overrides metadata", Policy{Allow: []string{"169.254.169.254/32"}}, "169.254.169.254", ""},
		{"allow overrides link-local", Policy{Allow: []string{"169.254.0.0/16"}}, "169.254.1.1", ""},
		{"deny", Policy{Deny: []string{"10.0.0.0/8"}}, "10.1.2.3", "deny[0]"},
		{"longer allow wins", Policy{Deny: []string{"10.0.0.0/8"}, Allow: []string{"10.1.2.3"}}, "10.1.2.3", ""},
		{"longer allow misses", Policy{Deny: []string{"10.0.0.0/8"}, Allow: []string{"10.1.2.3"}}, "10.1.2.4", "deny[0]"},
		{"longer deny wins", Policy{Allow: []string{"10.0.0.0/8"}, Deny: []string{"8.8.8.8", "10.9.0.0/16"}}, "10.9.1.1", "deny[1]"},
		{"tie goes to deny", Policy{Allow: []string{"10.0.0.0/8"}, Deny: []string{"10.0.0.0/8"}}, "10.1.1.1", "deny[0]"},
		{"deny-all allow-one", Policy{Deny: []string{"0.0.0.0/0", "::/0"}, Allow: []string{"127.0.0.1"}}, "127.0.0.2", "deny[0]"},
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

// TestDialRefusesBeforeConnect dials refused addresses through the
// real client. The policy runs in the dialer's Control hook, which the
// kernel reaches after socket(2) and before connect(2): a refusal sends no
// packet, so these return at once even where the address is unroutable.
func TestDialRefusesBeforeConnect(t *testing.T) {
	t.Parallel()
	var upstreamHits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { upstreamHits.Add(1) }))
	t.Cleanup(srv.Close)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	for _, tc := range []struct {
		name   string
		policy Policy
		url    string
		addr   string // the address the error must name
	}{
		{"metadata", Policy{}, "http://169.254.169.254/latest/meta-data/", "169.254.169.254:80"},
		{"metadata with port", Policy{}, "http://169.254.169.254:8080/", "169.254.169.254:8080"},
		{"alibaba", Policy{}, "http://100.100.100.200/", "100.100.100.200:80"},
		{"denied loopback", Policy{Deny: []string{"127.0.0.0/8"}}, srv.URL, "127.0.0.1:" + port},
		// localhost is resolved first and the resolved address checked:
		// a name cannot smuggle a refused address past the policy.
		{"denied via name", Policy{Deny: []string{"127.0.0.0/8", "::1"}}, "http://localhost:" + port + "/", ":" + port},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			client, err := NewClient(tc.policy, Transport{})
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

func TestAllowOverride(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		name   string
		policy Policy
		ok     bool
	}{
		{"default allows loopback", Policy{}, true},
		{"deny /8", Policy{Deny: []string{"127.0.0.0/8"}}, false},
		{"deny /8, allow host", Policy{Deny: []string{"127.0.0.0/8"}, Allow: []string{"127.0.0.1/32"}}, true},
		{"deny all, allow host", Policy{Deny: []string{"0.0.0.0/0"}, Allow: []string{"127.0.0.1"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			client, err := NewClient(tc.policy, Transport{})
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

// TestControlUnparsable covers the fail-closed path.
func TestControlUnparsable(t *testing.T) {
	t.Parallel()
	ap, _ := Policy{}.compile()
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
