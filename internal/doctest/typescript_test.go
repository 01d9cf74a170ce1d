package doctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// typescriptVersion is the compiler the type check installs when none is on
// PATH.
const typescriptVersion = "5.9.3"

// tsc returns a TypeScript compiler: tsc on PATH, else one npm installs
// into the user's cache (once); the test is skipped, saying why, when
// neither can be had.
func tsc(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("tsc"); err == nil {
		return p
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("skipping the TypeScript type check: neither tsc nor npm is on PATH (install Node.js to run it)")
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "tyk-ve", "typescript-"+typescriptVersion)
	bin := filepath.Join(dir, "node_modules", ".bin", "tsc")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", dir, "typescript@"+typescriptVersion)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("skipping the TypeScript type check: npm could not install typescript@%s: %v\n%s", typescriptVersion, err, out)
	}
	return bin
}

// TestTypeScriptDeclarations type-checks types/*.d.ts (strict, ES2020 only:
// no DOM library, so everything the scripts may use must be declared there)
// and the TypeScript examples against them.
func TestTypeScriptDeclarations(t *testing.T) {
	if testing.Short() {
		t.Skip("the TypeScript type check runs tsc; skipped with -short")
	}
	compiler := tsc(t)
	decls, _ := filepath.Glob(filepath.Join(root, "types", "*.d.ts"))
	tests, _ := filepath.Glob(filepath.Join(root, "types", "test", "*.d.ts"))
	runs := map[string][]string{
		"types/*.d.ts":        append([]string{"--noEmit", "--strict", "--lib", "es2020"}, decls...),
		"types/test/*.d.ts":   append([]string{"--noEmit", "--strict", "--lib", "es2020"}, tests...),
		"examples/workers-ts": {"--noEmit", "-p", filepath.Join(root, "examples", "workers-ts")},
	}
	for name, args := range runs {
		out, err := exec.Command(compiler, args...).CombinedOutput()
		if err != nil {
			t.Errorf("tsc %s: %v\n%s", name, err, out)
		}
	}
}
