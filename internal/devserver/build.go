package devserver

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/jsbuild"
)

// builder builds TypeScript and ES module sources on the fly for the
// plugin core (plugin.SourceResolver.Build) and remembers what each build
// read, with its size and modification time, so Watch rebuilds when one
// of those files changes — also files outside the apps folder, and the
// node_modules packages a build resolved (the folder walk skips
// node_modules).
type builder struct {
	log *logrus.Logger

	mu     sync.Mutex
	inputs map[string]string // path → stamp when built
}

func newBuilder(log *logrus.Logger) *builder {
	return &builder{log: log, inputs: map[string]string{}}
}

// build is a plugin.SourceResolver.Build: the script, with its source map
// inline, named as `tyk-ve build` would write it (plugin.BuiltPath), so
// stack traces read as on the gateway.
func (b *builder) build(path string) (name, src string, err error) {
	res, err := jsbuild.Build(jsbuild.Options{Entry: path, OutFile: jsbuild.DefaultOutFile(path)})
	watch := []string{path, filepath.Join(filepath.Dir(path), "node_modules")}
	if res != nil {
		watch = append(watch, res.Inputs...)
	}
	b.record(watch)
	if err != nil {
		return "", "", err
	}
	for _, w := range res.Warnings {
		b.log.WithField("entry", path).Warn("tyk-ve dev: build: " + w)
	}
	b.log.WithFields(logrus.Fields{"entry": path, "exports": strings.Join(res.Exports, ","), "default_export": res.Default}).
		Debug("tyk-ve dev: built")
	return res.OutFile, string(res.Code), nil
}

func (b *builder) record(paths []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range paths {
		b.inputs[p] = stamp(p)
	}
}

// changed reports whether a file some build read changed since.
func (b *builder) changed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for p, s := range b.inputs {
		if stamp(p) != s {
			return true
		}
	}
	return false
}

// forget drops the recorded inputs: after a reload every API builds again
// on its first request and records them anew.
func (b *builder) forget() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inputs = map[string]string{}
}

// stamp is a file's size and modification time, or "missing".
func stamp(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	return fmt.Sprintf("%d|%d", info.Size(), info.ModTime().UnixNano())
}
