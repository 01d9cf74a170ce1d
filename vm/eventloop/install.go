package eventloop

import (
	"fmt"

	"github.com/dop251/goja"
)

// Globals names the globals Install defines, for the isolation reset that
// puts platform globals back when a call reassigns them.
var Globals = []string{"setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask"}

// Install defines the loop's globals (setTimeout, clearTimeout, setInterval,
// clearInterval, queueMicrotask) in its runtime.
func (l *Loop) Install() error {
	if err := l.initMicrotasks(); err != nil {
		return err
	}
	l.rangeErr, _ = goja.AssertConstructor(l.rt.Get("RangeError"))
	fns := map[string]func(goja.FunctionCall) goja.Value{
		"setTimeout":     func(c goja.FunctionCall) goja.Value { return l.setTimer(c, false) },
		"setInterval":    func(c goja.FunctionCall) goja.Value { return l.setTimer(c, true) },
		"clearTimeout":   l.clearTimer,
		"clearInterval":  l.clearTimer,
		"queueMicrotask": l.queueMicrotask,
	}
	for _, name := range Globals {
		if err := l.rt.Set(name, fns[name]); err != nil {
			return fmt.Errorf("defining %s: %w", name, err)
		}
	}
	return nil
}
