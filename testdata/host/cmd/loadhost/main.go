// Command loadhost serves API definitions through a compiled Go plugin in
// the host harness gateway, over HTTP on loopback, for load measurements
// (scripts/load-scenario.sh). It loads the plugin with plugin.Open like the
// gateway does, loads every *.json API definition in -apps, prints
// "loadhost listening http://ADDR" on stdout, and serves until SIGINT or
// SIGTERM, or until its standard input closes (so a parent that dies takes
// it along). It also answers its Go heap peak on -stats-path, and writes a
// CPU profile of its whole run to $LOADHOST_CPUPROFILE when that is set.
//
// For the plugin load benchmark (issue 12, scripts/plugin-load.sh),
// -static-so loads a second plugin whose hook serves the same API
// definitions under -static-prefix, and -gateway-heap-mb keeps that many MB
// of live, pointer-rich data in the heap, as a gateway holds its API specs,
// sessions and caches, so that allocation and GC cost what they cost there.
//
// Build it in the testdata/go.work workspace with the plugin's flags:
//
//	GOWORK=testdata/go.work CGO_ENABLED=1 go build -trimpath -tags=goplugin -o loadhost ./testdata/host/cmd/loadhost
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/loadscenario/heappeak"
	"github.com/tyk-ve/tyk-ve/testdata/host"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadhost:", err)
		os.Exit(1)
	}
}

// options are loadhost's flags.
type options struct {
	so, symbol, apps, listen, statsPath string
	stopOnStdin                         bool
	staticSO, staticPrefix              string
	gatewayHeapMB                       int
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("loadhost", flag.ContinueOnError)
	fs.StringVar(&o.so, "so", "", "the plugin (.so) to load")
	fs.StringVar(&o.symbol, "symbol", "VirtualEndpoint", "the plugin's hook symbol")
	fs.StringVar(&o.apps, "apps", ".", "directory of API definitions (*.json)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0", "address to listen on")
	fs.StringVar(&o.statsPath, "stats-path", "/__loadhost/heap", "path of the heap endpoint (GET; ?reset=1 starts a new peak, ?gc=1 collects first)")
	fs.BoolVar(&o.stopOnStdin, "stop-on-stdin", true, "stop when standard input closes")
	fs.StringVar(&o.staticSO, "static-so", "", "a second plugin serving the same APIs under -static-prefix")
	fs.StringVar(&o.staticPrefix, "static-prefix", "/static", "path prefix of the -static-so plugin")
	fs.IntVar(&o.gatewayHeapMB, "gateway-heap-mb", 0, "MB of live pointer-rich data to hold, like a gateway's heap")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var errs []error
	if o.so == "" {
		errs = append(errs, errors.New("-so: required"))
	}
	if o.staticSO != "" && (!strings.HasPrefix(o.staticPrefix, "/") || strings.HasSuffix(o.staticPrefix, "/")) {
		errs = append(errs, fmt.Errorf("-static-prefix: %q must start and not end with /", o.staticPrefix))
	}
	if o.gatewayHeapMB < 0 {
		errs = append(errs, errors.New("-gateway-heap-mb: must be >= 0"))
	}
	return o, errors.Join(errs...)
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if path := os.Getenv("LOADHOST_CPUPROFILE"); path != "" {
		stop, err := startCPUProfile(path)
		if err != nil {
			return err
		}
		defer stop()
	}
	hook, err := host.LoadHook(o.so, o.symbol)
	if err != nil {
		return err
	}
	g, err := gateway(hook, o.apps)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/", g)
	if o.staticSO != "" {
		static, err := host.LoadHook(o.staticSO, o.symbol)
		if err != nil {
			return err
		}
		sg, err := gateway(static, o.apps)
		if err != nil {
			return err
		}
		mux.Handle(o.staticPrefix+"/", http.StripPrefix(o.staticPrefix, sg))
	}
	ballast = newBallast(o.gatewayHeapMB << 20)
	sampler := heappeak.Start(5 * time.Millisecond)
	defer sampler.Close()
	mux.Handle(o.statsPath, heapHandler(sampler))

	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", o.listen, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "loadhost listening http://%s\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.stopOnStdin {
		go func() {
			_, _ = io.Copy(io.Discard, stdin)
			stop()
		}()
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// gateway loads every API definition in dir into a harness gateway.
func gateway(hook host.Hook, dir string) (*host.Gateway, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no API definition (*.json) in %s", dir)
	}
	g := host.New(hook, host.Config{})
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("reading API definition: %w", err)
		}
		a, err := host.ParseAPI(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		g.AddAPI(a)
	}
	return g, nil
}

// heapHandler answers {"heap_now": …, "heap_peak": …} in bytes; ?reset=1
// starts a new peak after reading it, and ?gc=1 collects garbage first (so
// heap_now is the live heap).
func heapHandler(s *heappeak.Sampler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("gc") == "1" {
			runtime.GC()
		}
		peak := s.Peak()
		if r.URL.Query().Get("reset") == "1" {
			peak = s.Reset()
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]uint64{"heap_now": s.Now(), "heap_peak": peak})
	})
}

// startCPUProfile writes a CPU profile of the whole run to path (set
// LOADHOST_CPUPROFILE to profile the host under a load benchmark).
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("LOADHOST_CPUPROFILE: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("LOADHOST_CPUPROFILE: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
