package outbound

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
)

// environmentProxy picks a proxy from HTTP_PROXY, HTTPS_PROXY and NO_PROXY
// (read once per process), as Tyk's TykMakeHttpRequest does when the API
// sets no proxy_url. A variable so tests can replace it.
var environmentProxy = http.ProxyFromEnvironment

// proxyFunc is the outbound transport's Proxy hook: the API's proxy_url
// (fixed) if set, otherwise the environment's proxy for the request. A
// request that goes through a proxy is checked against the address policy
// here, because the dialer then only sees the proxy's address: a literal
// destination address directly, a name by resolving it. A name the gateway
// cannot resolve is left to the proxy (networks where only the proxy
// resolves external names); the proxy resolves names again itself.
func proxyFunc(ap *addrPolicy, fixed *url.URL) func(*http.Request) (*url.URL, error) {
	return func(req *http.Request) (*url.URL, error) {
		proxy := fixed
		if proxy == nil {
			var err error
			if proxy, err = environmentProxy(req); err != nil || proxy == nil {
				return nil, err
			}
		}
		if ap != nil {
			if err := ap.checkHost(req.Context(), req.URL.Hostname()); err != nil {
				return nil, err
			}
		}
		return proxy, nil
	}
}

// checkHost applies the policy to every address host stands for.
func (a *addrPolicy) checkHost(ctx context.Context, host string) error {
	var addrs []netip.Addr
	if addr, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{addr}
	} else if addrs, err = net.DefaultResolver.LookupNetIP(ctx, "ip", host); err != nil {
		return nil
	}
	for _, addr := range addrs {
		if err := a.checkAs(addr, host); err != nil {
			return err
		}
	}
	return nil
}
