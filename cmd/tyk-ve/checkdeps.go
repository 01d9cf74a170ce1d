package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/depcheck"
)

// goCommandTimeout bounds each go command check-deps runs.
const goCommandTimeout = 5 * time.Minute

// runCheckDeps implements `tyk-ve check-deps`.
func runCheckDeps(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check-deps", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gomod := fs.String("gomod", "", "a gateway's go.mod to check against")
	lists := fs.String("lists", "", "directory of gateway dependency lists (*.txt; default: ../shared/gateway-deps beside the repo root)")
	modfile := fs.String("modfile", "", "our go.mod (default: the go.mod at or above the working directory)")
	buildList := fs.String("build-list", "", "use this saved `go list -m -json all` output instead of running go")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tyk-ve check-deps [--gomod gateway/go.mod | --lists DIR] [--modfile go.mod]")
		fmt.Fprintln(stderr, "\nNames every module we require at a newer version than a gateway does; exits 1 if any.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 || (*gomod != "" && *lists != "") {
		fs.Usage()
		return 2
	}

	ctx, cancel := context.WithTimeout(context.Background(), goCommandTimeout)
	defer cancel()
	ours, modPath, err := loadBuildList(ctx, *modfile, *buildList)
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve check-deps: %v\n", err)
		return 2
	}
	gateways, err := loadGateways(ctx, *gomod, *lists, modPath)
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve check-deps: %v\n", err)
		return 2
	}

	failed := 0
	for _, gw := range gateways {
		rep := depcheck.Check(ours, gw)
		if rep.OK() {
			fmt.Fprintf(stdout, "ok   %s (go %s): %d shared modules, none newer than the gateway's\n", rep.Gateway, gw.Go, rep.Shared)
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL %s (go %s): %d of %d shared modules would change the gateway's build:\n", rep.Gateway, gw.Go, len(rep.Violations), rep.Shared)
		for _, v := range rep.Violations {
			fmt.Fprintf(stdout, "  %s\n", v)
		}
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "check-deps: %d of %d gateways would fail to load the plugin; lower those requirements (go get module@version) or drop the dependency\n", failed, len(gateways))
		return 1
	}
	return 0
}

// loadBuildList returns our build list and the path of our go.mod.
func loadBuildList(ctx context.Context, modfile, saved string) (*depcheck.BuildList, string, error) {
	if modfile == "" {
		found, err := findGoMod()
		if err != nil && saved == "" {
			return nil, "", err
		}
		modfile = found
	}
	var data []byte
	var err error
	if saved != "" {
		data, err = os.ReadFile(saved)
		if err != nil {
			return nil, "", fmt.Errorf("reading build list: %w", err)
		}
	} else {
		data, err = runGo(ctx, filepath.Dir(modfile), goListArgs(modfile)...)
		if err != nil {
			return nil, "", err
		}
	}
	bl, err := depcheck.ParseBuildList(data)
	if err != nil {
		return nil, "", err
	}
	return bl, modfile, nil
}

// goListArgs builds `go list -m -json all` for a go.mod, naming it with
// -modfile when it is not called go.mod.
func goListArgs(modfile string) []string {
	args := []string{"list", "-m", "-json"}
	if filepath.Base(modfile) != "go.mod" {
		abs, err := filepath.Abs(modfile)
		if err == nil {
			modfile = abs
		}
		args = append(args, "-modfile="+modfile)
	}
	return append(args, "all")
}

// loadGateways reads the requirements to check against.
func loadGateways(ctx context.Context, gomod, lists, modfile string) ([]*depcheck.Requirements, error) {
	if gomod != "" {
		data, err := runGo(ctx, ".", "mod", "edit", "-json", gomod)
		if err != nil {
			return nil, err
		}
		reqs, err := depcheck.ParseGoModJSON(gomod, data)
		if err != nil {
			return nil, err
		}
		return []*depcheck.Requirements{reqs}, nil
	}
	if lists == "" {
		if modfile == "" {
			return nil, errors.New("cannot find the default lists directory without our go.mod; pass --lists")
		}
		lists = filepath.Join(filepath.Dir(modfile), "..", "shared", "gateway-deps")
	}
	files, err := filepath.Glob(filepath.Join(lists, "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", lists, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no gateway lists (*.txt) in %s", lists)
	}
	sort.Strings(files)
	var out []*depcheck.Requirements
	for _, file := range files {
		reqs, err := parseListFile(file)
		if err != nil {
			return nil, err
		}
		out = append(out, reqs)
	}
	return out, nil
}

// parseListFile parses one gateway list, named after the file.
func parseListFile(file string) (*depcheck.Requirements, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("reading gateway list: %w", err)
	}
	defer f.Close()
	return depcheck.ParseList(strings.TrimSuffix(filepath.Base(file), ".txt"), f)
}

// findGoMod finds the go.mod at or above the working directory.
func findGoMod() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding go.mod: %w", err)
	}
	for {
		p := filepath.Join(dir, "go.mod")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("finding go.mod: none at or above the working directory; pass --modfile")
		}
		dir = parent
	}
}

// runGo runs the go command in dir, outside any workspace, and returns its
// standard output.
func runGo(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("running go %s in %s: %w: %s", strings.Join(args, " "), dir, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
