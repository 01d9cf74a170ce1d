package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"syscall"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testrunner"
	"github.com/tyk-ve/tyk-ve/plugin"
)

func init() {
	commands["test"] = command{"run endpoint tests (*.test.json|yaml|js|ts) with stubbed and recorded upstreams", runTest}
}

// runTest implements `tyk-ve test`. Exit status: 0 every test passed, 1 a
// test failed, 2 usage error or no test files.
func runTest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tyk-ve test [flags] [DIR|FILE ...]")
		fmt.Fprintln(stderr, "\nRuns the tests in *.test.json / *.test.yaml files, and in *.test.js / *.test.ts files written as code,")
		fmt.Fprintln(stderr, "under the folders given (default: the current one)")
		fmt.Fprintln(stderr, "against the dev server core, answering scripts' upstream requests from stubs and recorded cassettes.")
		fs.PrintDefaults()
	}
	record := fs.Bool("record", false, "send requests no stub answers to the real upstreams and store the answers in each test file's cassette")
	run := fs.String("run", "", "run only the tests whose name matches this regular expression")
	watch := fs.Bool("watch", false, "run again whenever a test, definition or script changes")
	junit := fs.String("junit", "", "also write the results as JUnit XML to this file")
	gateway := fs.String("gateway", "", "gateway generation to answer as (5.8, 5.9 … 5.14, master); default: each file's, else master")
	timeout := fs.Duration("timeout", plugin.DefaultTimeout, "time limit per call (the gateway's jsvm_timeout)")
	testTimeout := fs.Duration("test-timeout", testrunner.DefaultTestTimeout, "time limit for a *.test.js / *.test.ts file's top level and for each of its tests")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts := testrunner.Options{Paths: fs.Args(), Record: *record, Gateway: *gateway, Timeout: *timeout, TestTimeout: *testTimeout}
	if *run != "" {
		re, err := regexp.Compile(*run)
		if err != nil {
			fmt.Fprintf(stderr, "tyk-ve test: --run: %v\n", err)
			return 2
		}
		opts.Run = re
	}
	if len(opts.Paths) == 0 {
		opts.Paths = []string{"."}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	once := func() int { return testOnce(ctx, opts, *junit, stdout, stderr) }
	if !*watch {
		return once()
	}
	testrunner.Watch(ctx, testrunner.WatchPaths(ctx, opts.Paths), 500*time.Millisecond, func() {
		once()
		fmt.Fprintln(stdout, "watching for changes (Ctrl-C to stop)")
	})
	return 0
}

func testOnce(ctx context.Context, opts testrunner.Options, junit string, stdout, stderr io.Writer) int {
	sum, err := testrunner.Run(ctx, opts, func(r testrunner.Result) { testrunner.WriteResult(stdout, r) })
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve test: %v\n", err)
		if errors.Is(err, testrunner.ErrNoTests) {
			return 2
		}
		if sum == nil {
			return 2
		}
	}
	testrunner.WriteSummary(stdout, sum)
	if junit != "" {
		if err := testrunner.WriteJUnitFile(junit, sum); err != nil {
			fmt.Fprintf(stderr, "tyk-ve test: --junit: %v\n", err)
			return 2
		}
	}
	if sum.Failed > 0 {
		return 1
	}
	return 0
}
