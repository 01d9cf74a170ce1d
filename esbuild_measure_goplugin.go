//go:build goplugin && tykve_measure_esbuild

package main

// Only for scripts/plugin-esbuild-measure.sh: built with the extra tag
// tykve_measure_esbuild, the plugin links package jsbuild (and esbuild)
// reachably, as a plugin that built TypeScript sources on load would. The
// plugin as shipped never has this tag (docs/typescript.md).

import (
	"os"

	"github.com/tyk-ve/tyk-ve/jsbuild"
)

// MeasureEsbuildBuild keeps esbuild reachable from an exported symbol.
var MeasureEsbuildBuild = jsbuild.Build

func init() {
	if entry := os.Getenv("TYKVE_MEASURE_BUILD_ENTRY"); entry != "" {
		_, _ = MeasureEsbuildBuild(jsbuild.Options{Entry: entry})
	}
}
