package plugin

import "github.com/tyk-ve/tyk-ve/vm"

func (l LimitOptions) withDefaults() LimitOptions {
	if l.MaxRequestBody == 0 {
		l.MaxRequestBody = DefaultMaxRequestBody
	}
	if l.MaxResponseBody == 0 {
		l.MaxResponseBody = DefaultMaxRespBody
	}
	if l.MaxStackDepth == 0 {
		l.MaxStackDepth = vm.DefaultMaxStackDepth
	}
	if l.MaxOutboundRequests == 0 {
		l.MaxOutboundRequests = vm.DefaultMaxOutboundRequests
	}
	if l.MaxOutboundResponseBody == 0 {
		l.MaxOutboundResponseBody = vm.DefaultMaxOutboundResponseBody
	}
	return l
}
