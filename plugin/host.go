package plugin

import (
	"fmt"

	"github.com/tyk-ve/tyk-ve/keystore"
	"github.com/tyk-ve/tyk-ve/outbound"
	"github.com/tyk-ve/tyk-ve/vm"
)

// outboundPolicy is the API's outbound address policy.
func (c *Config) outboundPolicy() outbound.Policy {
	return outbound.Policy{Allow: c.Outbound.Allow, Deny: c.Outbound.Deny, AllowLinkLocal: c.Outbound.AllowLinkLocal}
}

// host builds what the JavaScript API needs for this API: the outbound
// policy and transport options (TLS and proxy from proxy.transport, as Tyk's
// TykMakeHttpRequest uses them), the key store behind TykGetKeyData/TykSetKeyData and the header
// mode. The outbound client itself is shared process-wide per policy.
func (a *API) host() (*vm.Host, error) {
	h := &vm.Host{
		IgnoreCanonicalHeaders: a.ignoreCanonical(),
		APIID:                  a.Def.APIID,
		Outbound:               a.Config.outboundPolicy(),
		OutboundTransport: outbound.Transport{InsecureSkipVerify: a.Def.TLS.InsecureSkipVerify,
			MaxVersion: a.Def.TLS.MaxVersion, ProxyURL: a.Def.TLS.ProxyURL},
		HTTPClient: a.settings.OutboundClient,
	}
	url, secret := a.Config.KeyAPI.URL, a.Config.KeyAPI.Secret
	if url == "" {
		url = a.settings.KeyAPIURL
	}
	if secret == "" {
		secret = a.settings.KeyAPISecret
	}
	if url != "" && secret != "" {
		keys, err := keystore.NewREST(keystore.RESTConfig{URL: url, Secret: secret})
		if err != nil {
			return nil, fmt.Errorf("%s.key_api: %w", ConfigKey, err)
		}
		h.Keys = keys
	}
	storage, err := a.storageBucket()
	if err != nil {
		return nil, err
	}
	h.Storage, a.storage = storage, storage
	if err := h.Validate(); err != nil {
		return nil, fmt.Errorf("proxy.transport / %s.outbound: %w", ConfigKey, err)
	}
	return h, nil
}
