package vm

import (
	"testing"

	"github.com/tyk-ve/tyk-ve/vm/isolation"
)

// TestPlatformKeepsTheCheapReset: the platform globals (URL, console, …)
// and their methods' names must not make ordinary Tyk scripts look as if
// they could reach a built-in: request.URL, data.error and data.info are
// the scripts' own values, and such scripts keep the restore reset.
func TestPlatformKeepsTheCheapReset(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		echoSrc,
		`function f(r, s, c) { var d = JSON.parse(r.Body);
			return TykJsResponse({Body: JSON.stringify({error: d.error, info: d.info, warn: d.warn, debug: d.debug, url: r.URL,
				console: d.console, timers: [d.setTimeout, d.queueMicrotask]}), Code: 200}, s.meta_data) }`,
	} {
		p := newTestPool(t, nil, src)
		if mode := p.globals.plan.Mode; mode != isolation.Restore {
			t.Errorf("%s\nmode %v (%s), want restore", src, mode, p.globals.plan.Reason)
		}
	}
}
