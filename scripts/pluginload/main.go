// Command pluginload runs issue 12's plugin load benchmark: tyk-ve's
// representative endpoint against a static Go plugin answering the same
// bytes, both loaded by one test host with a gateway-like heap, in
// interleaved rounds; it prints req/s, p50/p99 and the ratio as markdown.
// See scripts/plugin-load.sh, which builds what it needs.
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
	o := loadscenario.DefaultBenchOptions()
	flag.StringVar(&o.DefsDir, "defs", o.DefsDir, "directory with the load scenario's api.json and scripts")
	flag.IntVar(&o.Clients, "c", o.Clients, "concurrent keep-alive clients")
	flag.DurationVar(&o.Round, "round", o.Round, "time per target per round")
	flag.IntVar(&o.Rounds, "rounds", o.Rounds, "interleaved rounds")
	flag.DurationVar(&o.Warmup, "warmup", o.Warmup, "unmeasured load on each target before the rounds")
	flag.IntVar(&o.GatewayHeapMB, "gateway-heap-mb", o.GatewayHeapMB, "MB of live pointer-rich data the host holds")
	flag.DurationVar(&o.RequestTimeout, "request-timeout", o.RequestTimeout, "client timeout of each request")
	flag.StringVar(&o.HostBin, "host", "", "built testdata/host/cmd/loadhost")
	flag.StringVar(&o.PluginSO, "plugin-so", "", "built tyk-ve.so")
	flag.StringVar(&o.StaticSO, "static-so", "", "built testdata/host/cmd/staticplugin")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := loadscenario.Bench(ctx, o, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pluginload:", err)
		os.Exit(2)
	}
	rep.Markdown(os.Stdout)
	if !rep.OK() {
		os.Exit(1)
	}
}
