package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestDevRejectsBadCapacityFlags: invalid node capacity flags stop the dev
// server before it listens, naming the flag or setting.
func TestDevRejectsBadCapacityFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"heap limit percent", []string{"--heap-limit", "150%"}, "heap_limit (TYKVE_HEAP_LIMIT)"},
		{"heap limit size", []string{"--heap-limit", "huge"}, "heap_limit (TYKVE_HEAP_LIMIT): invalid size"},
		{"node memory", []string{"--node-max-memory", "lots"}, "--node-max-memory: invalid size"},
		{"node memory zero", []string{"--node-max-memory", "0"}, "--node-max-memory: must be a size above 0"},
		{"gateway version", []string{"--gateway", "4.3"}, "--gateway: gateway version \"4.3\": supported are 5.8 to 5.14 and master"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			args := append([]string{"--listen", "127.0.0.1:0"}, tc.args...)
			if code := runDev(args, &stdout, &stderr); code != 2 {
				t.Fatalf("exit code %d, want 2; stderr: %s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Fatalf("stderr %q does not name %q", stderr.String(), tc.want)
			}
		})
	}
}
