package vm

import (
	"sync"
	"time"

	"github.com/tyk-ve/tyk-ve/capacity"
)

// callState is what other goroutines may see of a runtime's current call:
// whether one is running, since when and which function. The heap guard
// reads it to choose calls to stop; stop interrupts the call only if it is
// still the one that was seen, so a stop never lands on the next call.
type callState struct {
	mu       sync.Mutex
	running  bool
	started  time.Time
	function string
	stopped  error // why another goroutine stopped the call
}

// begin marks a call to function running from now on and returns now.
func (s *callState) begin(function string) time.Time {
	now := time.Now()
	s.mu.Lock()
	s.running, s.started, s.function, s.stopped = true, now, function, nil
	s.mu.Unlock()
	return now
}

// end marks the call finished and returns when it started and why it was
// stopped, if it was.
func (s *callState) end() (time.Time, error) {
	s.mu.Lock()
	s.running = false
	started, err := s.started, s.stopped
	s.mu.Unlock()
	return started, err
}

// running returns the runtime's call as the heap guard sees it.
func (r *Runtime) runningCall(api string) (capacity.Call, bool) {
	s := &r.call
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		return capacity.Call{}, false
	}
	started := s.started
	return capacity.Call{Started: started, API: api, Function: s.function,
		Stop:  func(err error) bool { return r.stopCall(started, err) },
		Ended: func() bool { return r.callEnded(started) }}, true
}

// callEnded reports whether the call that started at started has finished.
func (r *Runtime) callEnded(started time.Time) bool {
	s := &r.call
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.running || !s.started.Equal(started)
}

// stopCall interrupts the call that started at started, if it is still
// running; the runtime is then destroyed instead of reused.
func (r *Runtime) stopCall(started time.Time, err error) bool {
	s := &r.call
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running || !s.started.Equal(started) || s.stopped != nil {
		return false
	}
	s.stopped = err
	r.vm.Interrupt(err)
	r.loop.Stop(err) // a call waiting on its event loop runs no JavaScript to interrupt
	return true
}

// RunningCalls appends the calls running in this pool now (capacity.Tracker,
// for the heap guard).
func (p *Pool) RunningCalls(dst []capacity.Call) []capacity.Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	for rt := range p.runtimes {
		if c, ok := rt.runningCall(p.cfg.Name); ok {
			dst = append(dst, c)
		}
	}
	return dst
}
