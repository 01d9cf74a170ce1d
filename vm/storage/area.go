package storage

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// Area is shared storage as an area of the JavaScript API: the TykStorage*
// globals over the Host's Storage bucket, installed after Tyk's areas (vm's
// apiAreas).
var Area = tykapi.Area{
	Name:    "storage",
	Globals: Globals,
	Install: func(rt *goja.Runtime, s *tykapi.State) error { return Install(rt, StateEnv(s)) },
}

// StateEnv is what the bindings read from the call running on the runtime
// whose API state is s: its Host's Storage, its context, whether a call (not
// top-level code) is running, and its I/O wait. A Workers-style handler's env.KV is
// NewKV(rt, StateEnv(s)).
func StateEnv(s *tykapi.State) *Env {
	return &Env{
		Bucket: func() *kvstore.Bucket {
			if h := s.Host(); h != nil {
				return h.Storage
			}
			return nil
		},
		Context:     s.Context,
		InCall:      s.InCall,
		WaitedSince: s.WaitedSince,
	}
}
