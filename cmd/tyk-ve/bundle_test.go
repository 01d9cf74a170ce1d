package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const bundleTestdata = "../../testdata/bundle"

// runBundleCLI runs `tyk-ve bundle ...` and returns exit code and output.
func runBundleCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := runBundle(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// copyBundleSource copies testdata/bundle/src into a temp dir.
func copyBundleSource(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join(bundleTestdata, "src")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestBundleBuildAndVerifyCLI(t *testing.T) {
	t.Parallel()
	dir := copyBundleSource(t)
	manifest := filepath.Join(dir, "manifest.json")
	key := filepath.Join(bundleTestdata, "pkcs8_private.pem")
	pub := filepath.Join(bundleTestdata, "rsa_pkcs1_public.pem")
	other := filepath.Join(bundleTestdata, "other_pkix_public.pem")
	signed := filepath.Join(dir, "signed.zip")
	unsigned := filepath.Join(dir, "unsigned.zip")

	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{name: "no key no -y refuses", args: []string{"build", "-m", manifest, "-o", signed}, wantCode: 2, wantStderr: "refusing to build an unsigned bundle"},
		{name: "-k and -y conflict", args: []string{"build", "-m", manifest, "-o", signed, "-k", key, "-y"}, wantCode: 2, wantStderr: "mutually exclusive"},
		{name: "build signed", args: []string{"build", "-m", manifest, "-o", signed, "-k", key}, wantStdout: "signed, checksum", wantStderr: ""},
		{name: "build unsigned", args: []string{"build", "--manifest", manifest, "--output", unsigned, "--skip-signing"}, wantStdout: "plugin for gateway v5.14.0 linux/amd64", wantStderr: "the bundle will be unsigned"},
		{name: "missing manifest", args: []string{"build", "-m", filepath.Join(dir, "nope.json"), "-o", signed, "-y"}, wantCode: 1, wantStderr: "loading manifest"},
		{name: "bad key", args: []string{"build", "-m", manifest, "-o", signed, "-k", pub}, wantCode: 1, wantStderr: "unsupported PEM block"},
		{name: "unknown subcommand", args: []string{"sign"}, wantCode: 2, wantStderr: `unknown subcommand "sign"`},
		{name: "help", args: []string{"-h"}, wantStderr: "tyk-ve bundle build"},
	}
	// The build cases run in order, so the verify cases below see their output.
	for _, tt := range tests {
		code, stdout, stderr := runBundleCLI(tt.args...)
		if code != tt.wantCode || !strings.Contains(stdout, tt.wantStdout) || !strings.Contains(stderr, tt.wantStderr) {
			t.Errorf("%s: code %d (want %d)\nstdout: %s\nstderr: %s", tt.name, code, tt.wantCode, stdout, stderr)
		}
	}

	verify := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{name: "signed with key, flag after file", args: []string{"verify", signed, "--public-key", pub}, wantStdout: "signature valid"},
		{name: "signed with key, flag first", args: []string{"verify", "--public-key", pub, signed}, wantStdout: "OK"},
		{name: "signed without key", args: []string{"verify", signed}, wantStdout: "signature not checked"},
		{name: "unsigned without key", args: []string{"verify", unsigned}, wantStdout: "unsigned"},
		{name: "unsigned with key", args: []string{"verify", unsigned, "--public-key", pub}, wantCode: 1, wantStderr: "bundle isn't signed"},
		{name: "wrong key", args: []string{"verify", signed, "--public-key", other}, wantCode: 1, wantStderr: "invalid signature"},
		{name: "not a zip", args: []string{"verify", manifest}, wantCode: 1, wantStderr: "reading zip"},
		{name: "no file", args: []string{"verify"}, wantCode: 2, wantStderr: "usage"},
		{name: "info-zip bundle with extra file", args: []string{"verify", filepath.Join(bundleTestdata, "infozip.zip")}, wantStdout: "checksum valid"},
	}
	for _, tt := range verify {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runBundleCLI(tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout, tt.wantStdout) || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("code %d (want %d)\nstdout: %s\nstderr: %s", code, tt.wantCode, stdout, stderr)
			}
		})
	}
}

func TestBundleBuildCLIDeterministicAndDefaultOutput(t *testing.T) {
	t.Parallel()
	dir := copyBundleSource(t)
	manifest := filepath.Join(dir, "manifest.json")
	a, b := filepath.Join(dir, "a.zip"), filepath.Join(dir, "b.zip")
	for _, out := range []string{a, b} {
		if code, _, stderr := runBundleCLI("build", "-m", manifest, "-o", out, "-y"); code != 0 {
			t.Fatalf("build: %s", stderr)
		}
	}
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if len(da) == 0 || !bytes.Equal(da, db) {
		t.Error("two CLI builds differ")
	}
	golden, err := os.ReadFile(filepath.Join(bundleTestdata, "unsigned.zip"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(da, golden) {
		t.Log("note: CLI build differs from testdata/bundle/unsigned.zip (compress/flate output changed?)")
	}
}
