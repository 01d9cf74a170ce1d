// Command tyk-ve is the developer tool of tyk-ve: a local dev server that
// runs virtual endpoints from real Tyk API definitions, a bundle builder and
// verifier, and a dependency check against the gateways we support.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{
	"dev":        {"run the local dev server (default: a built-in example API)", runDev},
	"bundle":     {"build or verify a Tyk plugin bundle (bundle build|verify)", runBundle},
	"check-deps": {"check our module versions against the supported gateways", runCheckDeps},
	"version":    {"print the version", runVersion},
	"build":      {"build a TypeScript / ES module entry and its npm imports into one script", runBuild},
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "tyk-ve: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: tyk-ve <command> [flags]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nrun 'tyk-ve <command> -h' for a command's flags")
}

func runVersion(_ []string, stdout, _ io.Writer) int {
	fmt.Fprintln(stdout, "tyk-ve", version)
	return 0
}
