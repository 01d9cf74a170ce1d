// Command openbench loads a Go plugin with plugin.Open, looks up its
// VirtualEndpoint hook and prints how long that took, in microseconds: one
// sample per process, since a process loads a plugin once
// (scripts/plugin-esbuild-measure.sh).
//
// Build it in the testdata/go.work workspace with the plugin's flags:
//
//	GOWORK=testdata/go.work CGO_ENABLED=1 go build -trimpath -tags=goplugin -o openbench ./testdata/host/cmd/openbench
package main

import (
	"fmt"
	"os"
	"plugin"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: openbench PLUGIN.so")
		os.Exit(2)
	}
	start := time.Now()
	p, err := plugin.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if _, err := p.Lookup("VirtualEndpoint"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(time.Since(start).Microseconds())
}
