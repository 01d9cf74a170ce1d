package eventloop

import (
	"container/heap"
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
	seq   uint64 // creation (or rearm) order: timers due together run in it
	when  time.Time
	fn    goja.Callable
	args  []goja.Value
	every time.Duration // > 0 for an interval
	index int           // in the heap
}

// timerSet holds the running call's timers, earliest first; ids restart
// at 1 with each call, as in a new runtime. One Go timer (the alarm),
// holding one registration on the loop, wakes the loop for the earliest.
type timerSet struct {
	heap    timerHeap
	byID    map[int64]*timer
	created int
	lastID  int64
	seq     uint64

	alarm    *time.Timer
	alarmReg *registration
	armedAt  time.Time
}

func (s *timerSet) reset() {
	if s.alarm != nil {
		s.alarm.Stop()
	}
	clear(s.heap)
	s.heap = s.heap[:0]
	clear(s.byID)
	s.alarm, s.alarmReg, s.armedAt = nil, nil, time.Time{}
	s.created, s.lastID, s.seq = 0, 0, 0
}

func (s *timerSet) pending() int { return len(s.heap) }

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
	s := &l.timers
	if s.byID == nil {
		s.byID = make(map[int64]*timer)
	}
	s.created++
	s.lastID++
	tm.id = s.lastID
	s.byID[tm.id] = tm
	l.add(tm, d)
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

// add queues tm to run d from now and rearms the alarm.
func (l *Loop) add(tm *timer, d time.Duration) {
	s := &l.timers
	s.seq++
	tm.seq, tm.when = s.seq, time.Now().Add(d)
	heap.Push(&s.heap, tm)
	l.arm()
}

// arm makes the alarm fire for the earliest timer, or withdraws it when
// there is none.
func (l *Loop) arm() {
	s := &l.timers
	if len(s.heap) == 0 {
		if s.alarm != nil {
			s.alarm.Stop()
		}
		if s.alarmReg != nil {
			l.cancel(s.alarmReg)
		}
		s.alarm, s.alarmReg = nil, nil
		return
	}
	next := s.heap[0].when
	if s.alarmReg != nil {
		if !next.Before(s.armedAt) {
			return // the alarm fires first; runDue rearms
		}
		if !s.alarm.Stop() {
			return // it fired: runDue is on its way and rearms
		}
	} else {
		s.alarmReg = l.register()
	}
	reg := s.alarmReg
	s.armedAt = next
	s.alarm = time.AfterFunc(time.Until(next), func() { l.enqueue(reg, l.runDueFn) })
}

// runDue runs, on the loop, every timer due now in order (deadline, then
// creation), skipping those a callback cleared, and rearms the alarm.
func (l *Loop) runDue() error {
	s := &l.timers
	s.alarmReg, s.alarm = nil, nil
	now, last := time.Now(), s.seq
	for len(s.heap) > 0 && !s.heap[0].when.After(now) && s.heap[0].seq <= last {
		tm := heap.Pop(&s.heap).(*timer)
		if tm.every == 0 {
			delete(s.byID, tm.id)
		}
		if _, err := tm.fn(goja.Undefined(), tm.args...); err != nil {
			return err
		}
		if err := l.uncaught; err != nil {
			return err
		}
		if tm.every > 0 && s.byID[tm.id] == tm {
			l.add(tm, tm.every)
		}
	}
	l.arm()
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
	if tm, ok := l.timers.byID[id]; ok {
		delete(l.timers.byID, id)
		if tm.index >= 0 {
			heap.Remove(&l.timers.heap, tm.index)
			l.arm()
		}
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

// timerHeap orders timers by deadline, then creation (container/heap).
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when.Equal(h[j].when) {
		return h[i].seq < h[j].seq
	}
	return h[i].when.Before(h[j].when)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x interface{}) {
	tm := x.(*timer)
	tm.index = len(*h)
	*h = append(*h, tm)
}
func (h *timerHeap) Pop() interface{} {
	old := *h
	tm := old[len(old)-1]
	old[len(old)-1] = nil
	tm.index = -1
	*h = old[:len(old)-1]
	return tm
}
