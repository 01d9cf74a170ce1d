// Command soak runs the tyk-ve load test against the dev server on loopback
// and prints a markdown report. See scripts/soak.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/soak"
)

func main() {
	n := flag.Int("n", 1000000, "requests to send (the run stops at -n or -duration, whichever comes first)")
	c := flag.Int("c", 16, "concurrent clients")
	d := flag.Duration("duration", 10*time.Minute, "longest run time")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := soak.Run(ctx, soak.Options{N: *n, Concurrency: *c, Duration: *d})
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	rep.Markdown(os.Stdout)
	if rep.Unexpected > 0 || rep.Failed > 0 {
		os.Exit(1)
	}
}
