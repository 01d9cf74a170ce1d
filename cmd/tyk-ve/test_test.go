package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTestCommandExitStatus(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "r.xml")
	tests := []struct {
		name string
		args []string
		want int
		out  string
	}{
		{"examples pass", []string{"--junit", junit, "../../examples/orders/orders.test.yaml"}, 0, "4 passed, 0 failed"},
		{"run filter", []string{"--run", "^unknown", "../../examples/orders/orders.test.yaml"}, 0, "1 passed, 0 failed"},
		{"code file", []string{"--test-timeout", "30s", "../../examples/orders/orders.test.js"}, 0, "7 passed, 0 failed"},
		{"code file, run filter", []string{"--run", "^summary: ", "../../examples/orders/orders.test.js"}, 0, "3 passed, 0 failed"},
		{"both", []string{"../../examples/orders"}, 0, "11 passed, 0 failed"},
		{"no tests", []string{t.TempDir()}, 2, ""},
		{"bad regexp", []string{"--run", "(", "."}, 2, ""},
		{"bad gateway", []string{"--gateway", "4.0", "../../examples/orders"}, 1, "gateway"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if got := run(append([]string{"test"}, tc.args...), &out, &errOut); got != tc.want {
				t.Fatalf("exit %d, want %d\n%s%s", got, tc.want, out.String(), errOut.String())
			}
			if !strings.Contains(out.String()+errOut.String(), tc.out) {
				t.Fatalf("output lacks %q:\n%s%s", tc.out, out.String(), errOut.String())
			}
		})
	}
	if b, err := os.ReadFile(junit); err != nil || !bytes.Contains(b, []byte(`<testsuites tests="4" failures="0">`)) {
		t.Fatalf("junit file: %v\n%s", err, b)
	}
}
