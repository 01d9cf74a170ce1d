package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tyk-ve/tyk-ve/bundle"
)

const (
	defaultManifestPath = "manifest.json"
	defaultBundlePath   = "bundle.zip"
)

// runBundle implements `tyk-ve bundle build|verify`.
func runBundle(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		bundleUsage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "build":
		return runBundleBuild(args[1:], stdout, stderr)
	case "verify":
		return runBundleVerify(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "tyk-ve bundle: unknown subcommand %q\n\n", args[0])
		bundleUsage(stderr)
		return 2
	}
}

// bundleUsage prints the bundle subcommands.
func bundleUsage(w io.Writer) {
	fmt.Fprint(w, `usage:
  tyk-ve bundle build [-m manifest.json] [-o bundle.zip] [-k key.pem | -y]
  tyk-ve bundle verify [--public-key pub.pem] bundle.zip

build writes a Tyk plugin bundle the way 'tyk bundle build' does, byte for byte
for flat file lists, deterministically. A file_list entry that needs a build
(TypeScript, an ES module: .ts, .mts, .tsx, .mjs …) is built as 'tyk-ve build'
does and shipped as its built script (src/orders.ts -> src/orders.js). verify checks a bundle as the gateway
would after downloading it. Run 'tyk-ve bundle build -h' for build's flags.
`)
}

// runBundleBuild implements `tyk-ve bundle build`.
func runBundleBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bundle build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var manifestPath, output, keyPath string
	var skipSigning bool
	for _, name := range []string{"m", "manifest"} {
		fs.StringVar(&manifestPath, name, defaultManifestPath, "path to the manifest; file_list paths are relative to its directory")
	}
	for _, name := range []string{"o", "output"} {
		fs.StringVar(&output, name, defaultBundlePath, "bundle file to write")
	}
	for _, name := range []string{"k", "key"} {
		fs.StringVar(&keyPath, name, "", "PEM RSA private key to sign with (PKCS#1 or PKCS#8)")
	}
	for _, name := range []string{"y", "skip-signing"} {
		fs.BoolVar(&skipSigning, name, false, "build an unsigned bundle without asking")
	}
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tyk-ve bundle build [-m manifest.json] [-o bundle.zip] [-k key.pem | -y]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tyk-ve bundle build: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if keyPath != "" && skipSigning {
		fmt.Fprintln(stderr, "tyk-ve bundle build: -k and -y/--skip-signing are mutually exclusive")
		return 2
	}
	if keyPath == "" && !skipSigning {
		fmt.Fprintln(stderr, "tyk-ve bundle build: refusing to build an unsigned bundle without confirmation:\n"+
			"  pass -k key.pem to sign it, or -y/--skip-signing to build it unsigned\n"+
			"  (a gateway with public_key_path set rejects unsigned bundles: \"bundle isn't signed\")")
		return 2
	}
	if output == defaultBundlePath {
		fmt.Fprintf(stderr, "warning: using default bundle path %q\n", defaultBundlePath)
	}

	m, err := readManifestFile(manifestPath)
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve bundle build: %v\n", err)
		return 1
	}
	files, err := buildManifestEntries(filepath.Dir(manifestPath), &m, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve bundle build: %s\n", indentErr(err))
		return 1
	}
	opts := bundle.BuildOptions{Manifest: m, Files: files}
	if keyPath != "" {
		if opts.Key, err = bundle.LoadPrivateKey(keyPath); err != nil {
			fmt.Fprintf(stderr, "tyk-ve bundle build: %v\n", err)
			return 1
		}
	} else {
		fmt.Fprintln(stderr, "warning: the bundle will be unsigned")
	}
	var buf bytes.Buffer
	built, err := bundle.Build(&buf, opts)
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve bundle build: %s\n", indentErr(err))
		return 1
	}
	if err := writeFileAtomic(output, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "tyk-ve bundle build: %v\n", err)
		return 1
	}
	signed := "unsigned"
	if built.Signature != "" {
		signed = "signed"
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes, %d files, %s, checksum %s)\n", output, buf.Len(), len(built.FileList), signed, built.Checksum)
	printPluginBuilds(stdout, built)
	return 0
}

// runBundleVerify implements `tyk-ve bundle verify`.
func runBundleVerify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bundle verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var pubPath string
	for _, name := range []string{"public-key", "p"} {
		fs.StringVar(&pubPath, name, "", "PEM RSA public key (PKIX or PKCS#1), as the gateway's public_key_path; requires a valid signature")
	}
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tyk-ve bundle verify [--public-key pub.pem] bundle.zip")
		fs.PrintDefaults()
	}
	pos, code := parseInterleaved(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	file := pos[0]

	var opts bundle.VerifyOptions
	if pubPath != "" {
		var err error
		if opts.PublicKey, err = bundle.LoadPublicKey(pubPath); err != nil {
			fmt.Fprintf(stderr, "tyk-ve bundle verify: %v\n", err)
			return 1
		}
	}
	b, err := bundle.OpenFile(file, bundle.Limits{})
	if err != nil {
		fmt.Fprintf(stderr, "FAIL %s\n", indentErr(err))
		return 1
	}
	if err := b.Verify(opts); err != nil {
		fmt.Fprintf(stderr, "FAIL %s: %v\n", file, err)
		return 1
	}
	sig := "signature not checked (no --public-key)"
	switch {
	case opts.PublicKey != nil:
		sig = "signature valid"
	case b.Manifest.Signature == "":
		sig = "unsigned"
	}
	fmt.Fprintf(stdout, "OK %s: %d files in file_list, checksum valid, %s\n", file, len(b.Manifest.FileList), sig)
	fmt.Fprintf(stdout, "driver %q, hooks: %d\n", b.Manifest.CustomMiddleware.Driver, countHooks(b.Manifest.CustomMiddleware))
	printPluginBuilds(stdout, b.Manifest)
	if err := b.Manifest.Validate(); err != nil {
		fmt.Fprintf(stderr, "warning: the gateway loads this bundle, but the manifest has problems:\n  %s\n", strings.ReplaceAll(err.Error(), "\n", "\n  "))
	}
	if extra := b.Unlisted(); len(extra) > 0 {
		fmt.Fprintf(stderr, "warning: files not in file_list are unpacked but neither hashed nor signed: %s\n", strings.Join(extra, ", "))
	}
	return 0
}

// parseInterleaved parses flags that may follow positional arguments
// ("verify bundle.zip --public-key k.pem"). It returns the positionals, and
// an exit code >= 0 when the caller should stop.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, int) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0
			}
			return nil, 2
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, -1
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), -1
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// readManifestFile reads a manifest from disk.
func readManifestFile(path string) (bundle.Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return bundle.Manifest{}, fmt.Errorf("loading manifest: %w", err)
	}
	defer f.Close()
	m, err := bundle.ReadManifest(f)
	if err != nil {
		return bundle.Manifest{}, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// writeFileAtomic writes data to a temporary file beside name and renames it.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tyk-ve-bundle-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// printPluginBuilds lists the gateway versions a bundle carries plugins for.
func printPluginBuilds(w io.Writer, m bundle.Manifest) {
	for _, b := range m.PluginBuilds() {
		fmt.Fprintf(w, "  plugin for gateway %s %s/%s: %s (loaded for hook path %q)\n", b.Version, b.GOOS, b.GOARCH, b.File, b.Base)
	}
}

// countHooks counts the hooks of a section the way the bundler does.
func countHooks(s bundle.MiddlewareSection) int {
	n := len(s.Pre) + len(s.Post) + len(s.PostKeyAuth) + len(s.Response) + len(s.TrafficLogs)
	if s.AuthCheck.Name != "" {
		n++
	}
	return n
}

// indentErr renders a joined error one problem per indented line.
func indentErr(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "\n  ")
}
