package eventloop

import (
	"fmt"
	"math"
	"time"

	"github.com/dop251/goja"
)

// maxDelay is the longest delay a timer takes (2^31-1 ms, as in browsers);
// the call's deadline ends it long before.
const maxDelay = math.MaxInt32 * time.Millisecond

// minInterval keeps setInterval(f, 0) from spinning the loop.
const minInterval = time.Millisecond

// timer is one setTimeout or setInterval of the running call.
type timer struct {
	id    int64
	fn    goja.Callable
	args  []goja.Value
	every time.Duration // > 0 for an interval
	reg   *registration
	t     *time.Timer
}

// timerSet holds the running call's timers; ids restart at 1 with each
// call, as in a new runtime.
type timerSet struct {
	m       map[int64]*timer
	created int
	lastID  int64
}

func (s *timerSet) stopAll() {
	for id, tm := range s.m {
		tm.t.Stop()
		delete(s.m, id)
	}
	s.created, s.lastID = 0, 0
}

// setTimer implements setTimeout and setInterval.
func (l *Loop) setTimer(call goja.FunctionCall, interval bool) goja.Value {
	fn, ok := goja.AssertFunction(call.Argument(0))
	if !ok {
		panic(l.rt.NewTypeError("%s: the callback is not a function (code strings are not supported)", timerName(interval)))
	}
	if l.timers.created >= l.maxTimers {
		panic(l.rangeError("%s: more than %d timers in one call", timerName(interval), l.maxTimers))
	}
	d := delay(call.Argument(1))
	tm := &timer{fn: fn}
	if len(call.Arguments) > 2 {
		tm.args = append([]goja.Value(nil), call.Arguments[2:]...)
	}
	if interval {
		tm.every = max(d, minInterval)
	}
	if l.timers.m == nil {
		l.timers.m = make(map[int64]*timer)
	}
	l.timers.created++
	l.timers.lastID++
	tm.id = l.timers.lastID
	l.timers.m[tm.id] = tm
	l.schedule(tm, d)
	return l.rt.ToValue(tm.id)
}

func timerName(interval bool) string {
	if interval {
		return "setInterval"
	}
	return "setTimeout"
}

// delay converts a timer's delay argument as HTML does: ToNumber, NaN and
// negative values are 0.
func delay(v goja.Value) time.Duration {
	if v == nil || goja.IsUndefined(v) {
		return 0
	}
	ms := v.ToFloat()
	if math.IsNaN(ms) || ms <= 0 {
		return 0
	}
	if ms >= float64(maxDelay/time.Millisecond) {
		return maxDelay
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// schedule arms tm to fire after d through a registration on the loop.
func (l *Loop) schedule(tm *timer, d time.Duration) {
	reg := l.register()
	tm.reg = reg
	tm.t = time.AfterFunc(d, func() { l.enqueue(reg, func() error { return l.fire(tm) }) })
}

// fire runs tm's callback on the loop, unless it was cleared meanwhile, and
// rearms an interval.
func (l *Loop) fire(tm *timer) error {
	if l.timers.m[tm.id] != tm {
		return nil
	}
	if tm.every == 0 {
		delete(l.timers.m, tm.id)
	}
	if _, err := tm.fn(goja.Undefined(), tm.args...); err != nil {
		return err
	}
	if tm.every > 0 && l.timers.m[tm.id] == tm {
		l.schedule(tm, tm.every)
	}
	return nil
}

// clearTimer implements clearTimeout and clearInterval (which HTML makes
// interchangeable): an unknown id is ignored.
func (l *Loop) clearTimer(call goja.FunctionCall) goja.Value {
	v := call.Argument(0)
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return goja.Undefined()
	}
	id := v.ToInteger()
	if tm, ok := l.timers.m[id]; ok {
		delete(l.timers.m, id)
		tm.t.Stop()
		l.cancel(tm.reg)
	}
	return goja.Undefined()
}

func (l *Loop) rangeError(format string, args ...interface{}) *goja.Object {
	msg := fmt.Sprintf(format, args...)
	if l.rangeErr != nil {
		if o, err := l.rangeErr(nil, l.rt.ToValue(msg)); err == nil {
			return o
		}
	}
	return l.rt.NewTypeError(msg)
}
