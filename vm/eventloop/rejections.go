package eventloop

import "github.com/dop251/goja"

// rejections tracks the promises of the running call that were rejected
// with no handler attached, in order (goja's promise rejection tracker).
type rejections struct {
	pending  []*goja.Promise
	report   func(reason goja.Value)
	reported int
}

// OnUnhandledRejection sets the function told, as a call ends, about each
// promise rejected during it that no handler took (as Node and browsers
// report them); it runs on the runtime's goroutine. nil: none.
func (l *Loop) OnUnhandledRejection(report func(reason goja.Value)) { l.rejected.report = report }

func (l *Loop) track(p *goja.Promise, op goja.PromiseRejectionOperation) {
	r := &l.rejected
	if op == goja.PromiseRejectionReject {
		r.pending = append(r.pending, p)
		return
	}
	l.handled(p)
}

// handled forgets p: a handler was attached, or Call reported it as the
// handler's own rejection.
func (l *Loop) handled(p *goja.Promise) {
	r := &l.rejected
	for i, q := range r.pending {
		if q == p {
			r.pending = append(r.pending[:i], r.pending[i+1:]...)
			return
		}
	}
}

// reportRejections tells the report function about what is left and
// forgets it.
func (l *Loop) reportRejections() {
	r := &l.rejected
	if r.report != nil {
		for _, p := range r.pending {
			r.report(p.Result())
		}
	}
	clear(r.pending)
	r.pending = r.pending[:0]
}
