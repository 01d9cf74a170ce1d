package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tyk-ve/tyk-ve/jsbuild"
)

// runBuild implements `tyk-ve build`: one entry file (TypeScript or an ES
// module with its imports and npm packages) into one script the plugin
// runs, with a source map (package jsbuild).
func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var out, sourceMap string
	var minify, sourcesContent bool
	for _, name := range []string{"o", "output"} {
		fs.StringVar(&out, name, "", "script to write (default: the entry with the extension .js, e.g. src/orders.ts -> src/orders.js, where the plugin looks for it)")
	}
	fs.StringVar(&sourceMap, "sourcemap", string(jsbuild.SourceMapInline), "source map: inline (in the script), external (OUT.map beside it) or none")
	fs.BoolVar(&minify, "minify", false, "minify the script")
	fs.BoolVar(&sourcesContent, "sources-content", false, "embed the original sources in the source map")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tyk-ve build ENTRY [-o OUT] [--sourcemap inline|external|none] [--minify]")
		fmt.Fprintln(stderr, "\nBuilds ENTRY (.ts, .mts, .tsx, .mjs, .js …) and what it imports, relative files and node_modules")
		fmt.Fprintln(stderr, "packages, into one script. Exported functions become globals of the same name (for")
		fmt.Fprintln(stderr, "response_function_name); the default export becomes the global "+jsbuild.DefaultExportGlobal+".")
		fs.PrintDefaults()
	}
	pos, code := parseInterleaved(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	opts := jsbuild.Options{Entry: pos[0], OutFile: out, SourceMap: jsbuild.SourceMapMode(sourceMap), Minify: minify, SourcesContent: sourcesContent}
	if err := opts.Validate(); err != nil {
		fmt.Fprintf(stderr, "tyk-ve build: %s\n", indentErr(err))
		return 2
	}
	res, err := jsbuild.Build(opts)
	if err == nil {
		err = res.Write()
	}
	if err != nil {
		fmt.Fprintf(stderr, "tyk-ve build: %s\n", indentErr(err))
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes%s)\n", res.OutFile, len(res.Code), mapNote(res))
	fmt.Fprintf(stdout, "  %s\n", describeExports(res))
	return 0
}

func mapNote(res *jsbuild.Result) string {
	switch {
	case res.MapFile != "":
		return ", source map " + res.MapFile
	case res.Map != nil:
		return ", source map inline"
	}
	return ""
}

// describeExports says what the runtime will find.
func describeExports(res *jsbuild.Result) string {
	if !res.Module {
		return "a plain script: its top-level functions are globals"
	}
	var parts []string
	if len(res.Exports) > 0 {
		parts = append(parts, "globals "+strings.Join(res.Exports, ", "))
	}
	if res.Default {
		parts = append(parts, "default export as "+jsbuild.DefaultExportGlobal)
	}
	if len(parts) == 0 {
		return "no exports: nothing for response_function_name to call"
	}
	return strings.Join(parts, "; ")
}
