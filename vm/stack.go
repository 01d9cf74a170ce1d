package vm

import (
	"reflect"
	"sync"
	"unsafe"

	"github.com/dop251/goja"
)

// goja drops its value stack whenever control returns to Go (Runtime's
// leave sets it to nil), so every call grows a new one: two allocations
// and ~460 bytes for the representative endpoint, a few percent of what a
// call allocates, and allocation is what a gateway's collector pays for.
// valueStack hands goja the same backing array at the start of each call
// instead. It reads goja's unexported fields (Runtime.vm, vm.stack); the
// layout is checked once by reflection and by a probe, and if it is not
// the one this code knows (a new goja) the reuse is off and goja grows its
// own stack, as before. TestStackReuseActive fails then.

// stackReuseCap is the stack kept per runtime, in values (16 bytes each):
// deeper calls grow past it as goja always does.
const stackReuseCap = 128

type stackLayout struct {
	vmOff    uintptr // goja.Runtime.vm (*vm)
	stackOff uintptr // vm.stack ([]Value)
}

var (
	stackLayoutOnce sync.Once
	stackLayoutVal  *stackLayout
)

func loadStackLayout() *stackLayout {
	stackLayoutOnce.Do(func() { stackLayoutVal = probeStackLayout() })
	return stackLayoutVal
}

func probeStackLayout() (l *stackLayout) {
	defer func() {
		if recover() != nil {
			l = nil
		}
	}()
	vmField, ok := reflect.TypeOf(goja.Runtime{}).FieldByName("vm")
	if !ok || vmField.Type.Kind() != reflect.Pointer || vmField.Type.Elem().Name() != "vm" {
		return nil
	}
	stackField, ok := vmField.Type.Elem().FieldByName("stack")
	if !ok || stackField.Type.Kind() != reflect.Slice || stackField.Type.Elem() != reflect.TypeOf((*goja.Value)(nil)).Elem() {
		return nil
	}
	l = &stackLayout{vmOff: vmField.Offset, stackOff: stackField.Offset}
	// The probe: a call through a stack handed over must work, use the
	// array handed over, and leave goja's own stack nil (as leave does).
	rt := goja.New()
	fn, err := rt.RunString(`(function (a, b) { var x = [a, b]; return x[0] + x[1] })`)
	if err != nil {
		return nil
	}
	call, ok := goja.AssertFunction(fn)
	if !ok || *l.stack(rt) != nil {
		return nil
	}
	buf := make([]goja.Value, 0, stackReuseCap)
	*l.stack(rt) = buf
	v, err := call(goja.Undefined(), rt.ToValue(1), rt.ToValue(2))
	if err != nil || v.ToInteger() != 3 || *l.stack(rt) != nil || buf[:1][0] == nil {
		return nil
	}
	return l
}

func (l *stackLayout) stack(rt *goja.Runtime) *[]goja.Value {
	vm := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(rt), l.vmOff))
	return (*[]goja.Value)(unsafe.Add(vm, l.stackOff))
}

// valueStack is a runtime's reused goja value stack.
type valueStack struct {
	buf []goja.Value
}

// lend gives rt the stack when goja has none (no call is running), and
// reports whether it did.
func (s *valueStack) lend(rt *goja.Runtime) bool {
	l := loadStackLayout()
	if l == nil {
		return false
	}
	st := l.stack(rt)
	if *st != nil {
		return false
	}
	if s.buf == nil {
		s.buf = make([]goja.Value, 0, stackReuseCap)
	}
	*st = s.buf[:0]
	return true
}

// reclaim clears what the call left on the stack (keeping nothing of it
// alive) once goja has let go of it. Every slot past the last one in use
// is nil (each reclaim leaves the array so, and a call writes its slots
// from the bottom), so it clears up to the highest slot still set.
func (s *valueStack) reclaim(rt *goja.Runtime) {
	if l := loadStackLayout(); l != nil && *l.stack(rt) == nil {
		all := s.buf[:cap(s.buf)]
		top := len(all)
		for top > 0 && all[top-1] == nil {
			top--
		}
		clear(all[:top])
		return
	}
	s.buf = nil // goja still holds it (an abrupt end): never hand it out again
}
