// Command loadscenario runs issue 10's load scenario — the representative
// endpoint alone, beside a 1 s upstream endpoint, beside a spinning one and
// beside an allocating one — on the dev server and, given a built plugin and
// test host, on the compiled plugin, and prints a markdown report with
// PASS/FAIL per threshold. See scripts/load-scenario.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/tyk-ve/tyk-ve/internal/loadscenario"
)

func main() {
	o := loadscenario.DefaultOptions()
	flag.StringVar(&o.DefsDir, "defs", o.DefsDir, "directory with api.json and its scripts")
	flag.DurationVar(&o.Phase, "phase", o.Phase, "duration of each phase")
	flag.IntVar(&o.Rounds, "rounds", o.Rounds, "times the sequence of phases runs (figures merge the rounds)")
	flag.DurationVar(&o.Warmup, "warmup", o.Warmup, "unmeasured representative load before the first phase")
	flag.IntVar(&o.RepClients, "rep-clients", o.RepClients, "clients of the representative endpoint")
	flag.IntVar(&o.SlowClients, "slow-clients", o.SlowClients, "clients of /slowio")
	flag.IntVar(&o.SpinClients, "spin-clients", o.SpinClients, "clients of /spin")
	flag.IntVar(&o.AllocClients, "alloc-clients", o.AllocClients, "clients of /alloc")
	flag.DurationVar(&o.SlowDelay, "slow-delay", o.SlowDelay, "how long the slow upstream takes to answer")
	flag.DurationVar(&o.SpinTimeout, "spin-timeout", o.SpinTimeout, "endpoint timeout of /spin")
	flag.DurationVar(&o.AllocTimeout, "alloc-timeout", o.AllocTimeout, "endpoint timeout of /alloc")
	flag.BoolVar(&o.Alloc, "alloc", o.Alloc, "run the allocating-endpoint phase")
	flag.IntVar(&o.MaxConcurrent, "max-concurrent", 0, "write max_concurrent into the slowio, spin and alloc endpoints (0: leave it out)")
	flag.StringVar(&o.HeapLimit, "heap-limit", "", "give both targets "+loadscenario.EnvHeapLimit+" (e.g. 256MiB) and check the heap peak against it")
	flag.DurationVar(&o.RequestTimeout, "request-timeout", o.RequestTimeout, "client timeout of each request")
	flag.StringVar(&o.PluginSO, "plugin-so", "", "built tyk-ve.so (with -host: adds the plugin target)")
	flag.StringVar(&o.HostBin, "host", "", "built testdata/host/cmd/loadhost")
	flag.BoolVar(&o.SkipDev, "skip-dev", false, "leave out the dev server target")
	check := flag.Bool("check", false, "exit with status 1 if a threshold fails")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := loadscenario.Run(ctx, o, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadscenario:", err)
		os.Exit(2)
	}
	rep.Markdown(os.Stdout)
	if *check && rep.Failed() {
		os.Exit(1)
	}
}
