package testscript

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// ScriptError is an exception thrown by a test file's code (or a syntax
// error in it), with its stack: the test file's frames, source-mapped.
type ScriptError struct {
	// Message is the exception, e.g. "TypeError: Cannot read property 'x' of undefined".
	Message string
	// Stack is one line per frame, innermost first: "\tat orders.test.ts:12:9".
	Stack string
}

func (e *ScriptError) Error() string {
	if e.Stack == "" {
		return e.Message
	}
	return e.Message + "\n" + strings.TrimSuffix(e.Stack, "\n")
}

// maxStackFrames bounds the frames a ScriptError keeps.
const maxStackFrames = 20

func newScriptError(ex *goja.Exception) *ScriptError {
	msg := "exception"
	func() {
		defer func() { _ = recover() }() // a toString that throws
		msg = ex.Value().String()
	}()
	return &ScriptError{Message: msg, Stack: formatStack(ex.Stack())}
}

// formatStack writes the frames outside the prelude as V8 does:
// "\tat name (file:line:column)", "\tat file:line:column" when anonymous.
func formatStack(frames []goja.StackFrame) string {
	var b strings.Builder
	n := 0
	for i := range frames {
		fr := &frames[i]
		if fr.SrcName() == "<native>" || fr.SrcName() == preludeName {
			continue
		}
		if n == maxStackFrames {
			b.WriteString("\t...\n")
			break
		}
		n++
		loc := position(fr)
		if name := fr.FuncName(); name == "" || name == "<anonymous>" {
			fmt.Fprintf(&b, "\tat %s\n", loc)
		} else {
			fmt.Fprintf(&b, "\tat %s (%s)\n", name, loc)
		}
	}
	return b.String()
}

func position(fr *goja.StackFrame) string {
	pos := fr.Position()
	file := pos.Filename
	if file == "" {
		file = fr.SrcName()
	}
	return file + ":" + strconv.Itoa(pos.Line) + ":" + strconv.Itoa(pos.Column)
}

// location is where the running JavaScript called into the prelude: the
// innermost frame outside it, and when that is in another file (a helper
// the test file imports), the outermost frame too: the test's own line.
func (f *File) location() string {
	frames := f.rt.CaptureCallStack(0, nil)
	var inner, outer *goja.StackFrame
	for i := range frames {
		fr := &frames[i]
		if fr.SrcName() == "<native>" || fr.SrcName() == preludeName {
			continue
		}
		if inner == nil {
			inner = fr
		}
		outer = fr
	}
	if inner == nil {
		return "(unknown location)"
	}
	if in, out := inner.Position(), outer.Position(); in.Filename != out.Filename {
		return position(inner) + " (from " + position(outer) + ")"
	}
	return position(inner)
}
