package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const (
	module = "github.com/tyk-ve/tyk-ve"
	goja   = "github.com/dop251/goja"
)

// jsSide are the packages that may import goja: the runtimes and the
// JavaScript API. Everything else talks to them in Go values.
var jsSide = []string{module + "/vm"}

// mustStayGojaFree are packages that must not reach goja even through
// their dependencies.
var mustStayGojaFree = []string{
	module + "/capacity",
	module + "/outbound",
	module + "/keystore",
	module + "/metrics",
	module + "/kvstore",
	module + "/bundle",
	module + "/internal/lograte",
	module + "/internal/depcheck",
	module + "/webcrypto",
	module + "/jsbuild",
	module + "/weburl",
	module + "/webtext",
}

// esbuild is linked only into the tools (tyk-ve build, dev, bundle build),
// never into the plugin: see docs/typescript.md for the measurement.
const esbuild = "github.com/evanw/esbuild"

// pluginSide are the packages the gateway plugin (the repository root,
// built with -tags goplugin) is made of.
var pluginSide = []string{module + "/plugin", module + "/vm", module + "/capacity", module + "/outbound", module + "/keystore"}

func onJSSide(pkg string) bool {
	for _, p := range jsSide {
		if pkg == p || strings.HasPrefix(pkg, p+"/") {
			return true
		}
	}
	return false
}

// goList runs `go list` with format over the module's packages (tests
// included) and returns one line per package.
func goList(t *testing.T, format string, patterns ...string) []string {
	t.Helper()
	args := append([]string{"list", "-test=false", "-f", format}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestOnlyTheJavaScriptSideImportsGoja: no package outside vm/ imports
// goja, in its code or its tests.
func TestOnlyTheJavaScriptSideImportsGoja(t *testing.T) {
	lines := goList(t, `{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`, "./...")
	if len(lines) < 10 {
		t.Fatalf("go list saw %d packages; the test is not looking at the module", len(lines))
	}
	for _, l := range lines {
		f := strings.Fields(l)
		pkg, imports := f[0], f[1:]
		if onJSSide(pkg) {
			continue
		}
		for _, imp := range imports {
			if imp == goja || strings.HasPrefix(imp, goja+"/") {
				t.Errorf("%s imports %s: only %v may (house style: only the JavaScript side imports goja)", pkg, imp, jsSide)
			}
		}
	}
}

// TestGojaFreePackagesStaySo: the packages that hold no JavaScript do not
// reach goja through any dependency either.
func TestGojaFreePackagesStaySo(t *testing.T) {
	for _, pkg := range mustStayGojaFree {
		for _, dep := range goList(t, `{{join .Deps "\n"}}`, pkg) {
			if dep == goja || strings.HasPrefix(dep, goja+"/") || onJSSide(dep) {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
}

// vmInternal are packages only vm and its subpackages may import: vm
// re-exports what callers need from them (vm.Host is tykapi.Host).
var vmInternal = []string{module + "/vm/tykapi"}

// TestTykAPIStaysBehindVM: nothing outside vm/ imports vm/tykapi (callers
// use vm's aliases), and vm/tykapi does not import vm (the arrows run from
// the pool to the API; only its external tests drive it through a pool).
func TestTykAPIStaysBehindVM(t *testing.T) {
	lines := goList(t, `{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`, "./...")
	for _, l := range lines {
		f := strings.Fields(l)
		pkg, imports := f[0], f[1:]
		if onJSSide(pkg) {
			continue
		}
		for _, imp := range imports {
			for _, internal := range vmInternal {
				if imp == internal {
					t.Errorf("%s imports %s: use vm's aliases instead", pkg, imp)
				}
			}
		}
	}
	for _, internal := range vmInternal {
		for _, imp := range goList(t, `{{join .Imports "\n"}}`, internal) {
			if imp == module+"/vm" {
				t.Errorf("%s imports %s/vm: the API must not depend on the pool", internal, module)
			}
		}
	}
}

// TestPluginStaysWithoutEsbuild: no package of the plugin reaches esbuild
// (it would add about a third to the .so and to its load time).
func TestPluginStaysWithoutEsbuild(t *testing.T) {
	for _, pkg := range pluginSide {
		for _, dep := range goList(t, `{{join .Deps "\n"}}`, pkg) {
			if dep == esbuild || strings.HasPrefix(dep, esbuild+"/") || dep == module+"/jsbuild" {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
}
