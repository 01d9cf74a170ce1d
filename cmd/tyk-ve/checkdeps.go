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
	lists := fs.String("lists", "", "directory of gateway dependency lists (*.txt; default: the supported gateways' lists built into tyk-ve from internal/depcheck/gateways)")
	printList := fs.Bool("print-list", false, "with --gomod: print the gateway's requirements as a list for internal/depcheck/gateways instead of checking")
	modfile := fs.String("modfile", "", "our go.mod (default: the go.mod at or above the working directory)")
	buildList := fs.String("build-list", "", "use this saved `go list -m -json all` output instead of running go")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tyk-ve check-deps [--gomod gateway/go.mod | --lists DIR] [--modfile go.mod]")
		fmt.Fprintln(stderr, "       tyk-ve check-deps --gomod gateway/go.mod --print-list")
		fmt.Fprintln(stderr, "\nNames every module we require at a newer version than a gateway does; exits 1 if any.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 || (*gomod != "" && *lists != "") || (*printList && *gomod == "") {
		fs.Usage()
		return 2
	}

	ctx, cancel := context.WithTimeout(context.Background(), goCommandTimeout)
	defer cancel()
	if *printList {
		return printGatewayList(ctx, *gomod, stdout, stderr)
	}
	ours, err := loadBuildList(ctx, *modfile, *buildList)
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve check-deps: %v\n", err)
		return 2
	}
	gateways, err := loadGateways(ctx, *gomod, *lists)
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

// loadBuildList returns our build list: the saved one if given, else what
// `go list -m -json all` reports for modfile (default: the go.mod at or above
// the working directory).
func loadBuildList(ctx context.Context, modfile, saved string) (*depcheck.BuildList, error) {
	var data []byte
	var err error
	if saved != "" {
		data, err = os.ReadFile(saved)
		if err != nil {
			return nil, fmt.Errorf("reading build list: %w", err)
		}
	} else {
		if modfile == "" {
			if modfile, err = findGoMod(); err != nil {
				return nil, err
			}
		}
		data, err = runGo(ctx, filepath.Dir(modfile), goListArgs(modfile)...)
		if err != nil {
			return nil, err
		}
	}
	return depcheck.ParseBuildList(data)
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

// loadGateways reads the requirements to check against: one gateway's
// go.mod, a directory of lists, or by default the supported gateways' lists
// built into the binary.
func loadGateways(ctx context.Context, gomod, lists string) ([]*depcheck.Requirements, error) {
	switch {
	case gomod != "":
		reqs, err := readGoMod(ctx, gomod)
		if err != nil {
			return nil, err
		}
		return []*depcheck.Requirements{reqs}, nil
	case lists != "":
		reqs, err := depcheck.LoadLists(os.DirFS(lists))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", lists, err)
		}
		return reqs, nil
	}
	return depcheck.Supported()
}

// readGoMod reads a gateway's requirements from its go.mod.
func readGoMod(ctx context.Context, gomod string) (*depcheck.Requirements, error) {
	data, err := runGo(ctx, ".", "mod", "edit", "-json", gomod)
	if err != nil {
		return nil, err
	}
	return depcheck.ParseGoModJSON(gomod, data)
}

// printGatewayList implements --print-list: a gateway go.mod as a list.
func printGatewayList(ctx context.Context, gomod string, stdout, stderr io.Writer) int {
	reqs, err := readGoMod(ctx, gomod)
	if err == nil {
		err = depcheck.WriteList(stdout, reqs)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve check-deps: %v\n", err)
		return 2
	}
	return 0
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
