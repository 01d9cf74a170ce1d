package plugin

import "github.com/tyk-ve/tyk-ve/vm"

// host builds what the JavaScript API needs for this API: outbound client,
// key store and header mode.
func (a *API) host() *vm.Host {
	return &vm.Host{
		IgnoreCanonicalHeaders: a.ignoreCanonical(),
		APIID:                  a.Def.APIID,
	}
}
