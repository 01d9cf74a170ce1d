package tykapi

import (
	"github.com/dop251/goja"
)

// installLog defines log(msg) and rawlog(msg). log writes at info level with
// the call's fields (api_id, endpoint, function, request_id) plus prefix=jsvm and
// type=log-msg, as Tyk does; rawlog writes the message alone through the raw
// logger. Both are silent while scripts are (re)run between calls.
func installLog(rt *goja.Runtime, env *State) error {
	if err := rt.Set("log", func(call goja.FunctionCall) goja.Value {
		if !env.loading && env.log != nil {
			env.tag().WithField("prefix", "jsvm").WithField("type", "log-msg").Info(call.Argument(0).String())
		}
		return goja.Undefined()
	}); err != nil {
		return err
	}
	return rt.Set("rawlog", func(call goja.FunctionCall) goja.Value {
		if !env.loading && env.rawLog != nil {
			env.rawLog.Print(call.Argument(0).String() + "\n")
		}
		return goja.Undefined()
	})
}
