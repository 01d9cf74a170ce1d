package vm

import (
	"context"
	"regexp"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/sirupsen/logrus/hooks/test"
)

// TestLogLinesCarryTheRequestID: log() and console lines of one call carry
// the same request_id — the client's X-Request-Id when the plugin passes
// one, else one made up per call (a request_id the call's logger already
// carries is kept: TestConsoleLogsWithTheCallsFields).
func TestLogLinesCarryTheRequestID(t *testing.T) {
	logger, hook := test.NewNullLogger()
	p := newTestPool(t, func(c *PoolConfig) { c.Logger = logrus.NewEntry(logger) },
		veSource(`log("one"); console.log("two"); return "ok";`))
	for _, tc := range []struct{ given, want string }{
		{"req-123", "^req-123$"},
		{"", "^[0-9a-f]{16}$"},
	} {
		hook.Reset()
		if _, err := p.Call(context.Background(), &Call{Function: "run", Request: &Request{URL: "/"}, RequestID: tc.given}); err != nil {
			t.Fatal(err)
		}
		var entries []*logrus.Entry
		for _, e := range hook.AllEntries() {
			if e.Message == "one" || e.Message == "two" {
				entries = append(entries, e)
			}
		}
		if len(entries) != 2 {
			t.Fatalf("%d of the script's log lines, want 2", len(entries))
		}
		first, _ := entries[0].Data["request_id"].(string)
		second, _ := entries[1].Data["request_id"].(string)
		if !regexp.MustCompile(tc.want).MatchString(first) || first != second {
			t.Fatalf("request ids %q and %q, want both matching %s", first, second, tc.want)
		}
	}
}
