package vm

import (
	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/vm/eventloop"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
	"github.com/tyk-ve/tyk-ve/vm/webapi"
)

// platformEnv is what the areas installed after Tyk's API share in one
// runtime: its event loop and, once installed, the Web platform basics
// (for an area that raises DOMExceptions).
type platformEnv struct {
	loop *eventloop.Loop
	web  *webapi.API
}

// platformAreas are the areas installed after Tyk's API: the event loop's
// globals (setTimeout, setInterval, their clear functions, queueMicrotask)
// and the Web platform basics (URL, URLSearchParams, TextEncoder,
// TextDecoder, atob, btoa, console, structuredClone, DOMException). p is
// the runtime's; nil only to list the globals. Their globals are platform
// globals: isolation resets put them back like Tyk's.
func platformAreas(p *platformEnv) []tykapi.Area {
	return []tykapi.Area{
		{Name: "eventloop", Globals: eventloop.Globals, Install: func(*goja.Runtime, *tykapi.State) error {
			return p.loop.Install()
		}},
		{Name: "webapi", Globals: webapi.Globals, Install: func(rt *goja.Runtime, s *tykapi.State) error {
			web, err := webapi.Install(rt, webapi.Options{Logger: func() *logrus.Entry {
				if s.Loading() {
					return nil
				}
				return s.Logger()
			}})
			p.web = web
			return err
		}},
	}
}

// reportUnhandledRejections makes the loop log, as a call ends, each
// promise it rejected that no handler took: a warning with the call's
// fields, as Node and browsers report them.
func reportUnhandledRejections(loop *eventloop.Loop, s *tykapi.State) {
	loop.OnUnhandledRejection(func(reason goja.Value) {
		if l := s.Logger(); l != nil && !s.Loading() {
			l.WithField("prefix", "jsvm").Warn("unhandled promise rejection: " + reasonText(reason))
		}
	})
}

// reasonText describes a rejection reason: an Error's stack (message,
// then file:line:column per frame), any other value converted to a string.
func reasonText(v goja.Value) string {
	if o, ok := v.(*goja.Object); ok {
		var stack goja.Value
		if exceptionText(func() string { stack = o.Get("stack"); return "" }); stack != nil {
			if s, ok := stack.Export().(string); ok && s != "" {
				return s
			}
		}
	}
	return exceptionText(v.String)
}
