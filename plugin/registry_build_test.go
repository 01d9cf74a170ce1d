package plugin

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

// TestRegistryBuildsOutsideItsLock: while one API's definition is still
// loading, another API is built and served, and concurrent requests for the
// loading definition wait for one build and share its API.
func TestRegistryBuildsOutsideItsLock(t *testing.T) {
	t.Parallel()
	h, _ := newTestHandler(t)
	reg := h.Registry()
	echo := func(id string) []byte {
		return classicAPI(t, id, map[string]interface{}{"endpoints": []interface{}{
			inline("GET", "/e", "e", `function e(r) { return TykJsResponse({Body: "ok", Code: 200}, {}) }`)}})
	}
	slowDef, fastDef := echo("slowload"), echo("fastload")
	release := make(chan struct{})
	var loads, entered atomic.Int64
	slow := Source{Key: "slow-key", Load: func() ([]byte, error) {
		loads.Add(1)
		entered.Add(1)
		<-release
		return slowDef, nil
	}}
	var wg sync.WaitGroup
	apis := make([]*API, 4)
	for i := range apis {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			api, err := reg.Get(slow)
			if err != nil {
				t.Errorf("Get: %v", err)
			}
			apis[i] = api
		}(i)
	}
	testutil.WaitUntil(t, "the slow definition to start loading", func() bool { return entered.Load() == 1 })
	fast, err := reg.Get(Source{Key: "fast-key", Load: func() ([]byte, error) { return fastDef, nil }})
	if err != nil || fast.Def.APIID != "fastload" {
		t.Fatalf("another API while one loads: %v, %v", fast, err)
	}
	if w := serve(t, h, fastDef, "GET", "/fastload/e", "", nil); w.Code != 200 {
		t.Fatalf("serving another API while one loads: %d %s", w.Code, w.Body.String())
	}
	close(release)
	wg.Wait()
	for i, api := range apis {
		if api == nil || api != apis[0] || api.Def.APIID != "slowload" {
			t.Fatalf("request %d got API %p, want the one shared build %p", i, api, apis[0])
		}
	}
	if n := loads.Load(); n != 1 {
		t.Fatalf("the definition was loaded %d times, want once", n)
	}
}
