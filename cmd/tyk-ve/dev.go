package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/devserver"
	"github.com/tyk-ve/tyk-ve/internal/gatewayver"
	"github.com/tyk-ve/tyk-ve/plugin"
)

func runDev(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	apps := fs.String("apps", "", "directory of Tyk API definition files (default: the built-in example API)")
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	timeout := fs.Duration("timeout", plugin.DefaultTimeout, "default time limit per call (the gateway's jsvm_timeout)")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn, error")
	heapLimit := fs.String("heap-limit", os.Getenv(plugin.EnvHeapLimit), "heap guard: refuse and stop calls above this heap size (\"80%\" of GOMEMLIMIT, the cgroup limit or physical memory; \"1GiB\"; \"off\"); default $"+plugin.EnvHeapLimit+", else 80%")
	nodeMemory := fs.String("node-max-memory", os.Getenv(plugin.EnvNodeMaxMemory), "memory budget for the runtimes of all APIs together (\"1GiB\", or \"off\"); default $"+plugin.EnvNodeMaxMemory+", else 1GiB")
	gateway := fs.String("gateway", string(gatewayver.Newest), "gateway generation to answer as: 5.8, 5.9 … 5.14, or master (decides e.g. the empty session of an endpoint without use_session)")
	redisURL := fs.String("redis", "", redisFlagUsage)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	gw, err := gatewayver.Parse(*gateway)
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve dev: --gateway: %v\n", err)
		return 2
	}
	logger := logrus.New()
	logger.SetOutput(stderr)
	if lvl, err := logrus.ParseLevel(*logLevel); err == nil {
		logger.SetLevel(lvl)
	}
	settings := plugin.Settings{DefaultTimeout: *timeout, HeapLimit: *heapLimit}
	if *nodeMemory != "" {
		n, err := plugin.ParseNodeMaxMemory(*nodeMemory)
		if err != nil {
			fmt.Fprintf(stderr, "tyk-ve dev: --node-max-memory: %v\n", err)
			return 2
		}
		settings.NodeMaxMemory = n
	}
	if err := settings.Validate(); err != nil {
		fmt.Fprintf(stderr, "tyk-ve dev: %v\n", err)
		return 2
	}
	store, err := devStorage(*redisURL)
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve dev: --redis: %v\n", err)
		return 2
	}
	defer store.Close()
	settings.Storage = store
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve dev: --listen %s: %v\n", *listen, err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	srv, err := devserver.New(devserver.Options{AppsDir: *apps, Logger: logger,
		Settings: settings, Gateway: gw}, base)
	if err != nil {
		_ = ln.Close()
		fmt.Fprintf(stderr, "tyk-ve dev: %v\n", err)
		return 1
	}
	defer srv.Close()
	printURLs(stdout, base, srv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := devserver.ListenAndServe(ctx, ln, srv); err != nil {
		fmt.Fprintf(stderr, "tyk-ve dev: %v\n", err)
		return 1
	}
	return 0
}

var paramRe = regexp.MustCompile(`\{[^/{}]*\}`)

// printURLs lists every endpoint as a URL to try.
func printURLs(w io.Writer, base string, srv *devserver.Server) {
	fmt.Fprintf(w, "tyk-ve dev server listening on %s (%s)\n", base, time.Now().Format(time.RFC3339))
	for _, def := range srv.APIs() {
		lp := strings.TrimSuffix(def.ListenPath, "/")
		fmt.Fprintf(w, "\nAPI %q (%s) at %s%s/\n", def.Name, def.APIID, base, lp)
		raw, err := def.RawConfig()
		if err != nil || raw == nil {
			continue
		}
		cfg, err := plugin.ParseConfig(raw)
		if err != nil {
			fmt.Fprintf(w, "  configuration error: %v\n", err)
			continue
		}
		for _, e := range cfg.Endpoints {
			path := strings.Trim(paramRe.ReplaceAllString(e.Path, "42"), "^$")
			path = strings.ReplaceAll(path, "/*", "/anything")
			fmt.Fprintf(w, "  %-6s %s%s%s\n", e.Method, base, lp, path)
		}
		fmt.Fprintf(w, "  other paths are proxied to %s\n", def.TargetURL)
	}
	if len(srv.APIs()) == 0 {
		fmt.Fprintln(w, "\nno API definitions loaded")
	}
	fmt.Fprintf(w, "\nPrometheus metrics at %s%s\n", base, devserver.MetricsPath)
}
