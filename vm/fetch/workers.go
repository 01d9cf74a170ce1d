package fetch

import (
	"fmt"
	"net/http"

	"github.com/dop251/goja"
)

// Incoming builds the Request a Workers-style handler receives for the
// incoming call: method, absolute URL, headers (immutable, as in Workers)
// and the body (nil: none).
func (b *Binding) Incoming(method, url string, header http.Header, body []byte) (goja.Value, error) {
	if err := b.Load(); err != nil {
		return nil, err
	}
	var bodyVal goja.Value = goja.Null()
	if body != nil && method != http.MethodGet && method != http.MethodHead {
		bodyVal = b.rt.ToValue(b.rt.NewArrayBuffer(body))
	}
	return b.incoming(goja.Undefined(), b.rt.ToValue(method), b.rt.ToValue(url), b.pairs(header), bodyVal)
}

// Result is a Workers-style handler's Response in Go form.
type Result struct {
	Status int
	// Header lists every header, names in lower case, in the order
	// Headers iterates them (sorted; set-cookie values one per entry).
	Header [][2]string
	Body   []byte
}

// Outgoing converts what a handler's promise fulfilled with: a Response,
// or a TypeError (as a *goja.Exception) for anything else.
func (b *Binding) Outgoing(v goja.Value) (*Result, error) {
	if err := b.Load(); err != nil {
		return nil, err
	}
	out, err := b.outgoing(goja.Undefined(), v)
	if err != nil {
		return nil, err
	}
	var parts []goja.Value
	if err := b.rt.ExportTo(out, &parts); err != nil || len(parts) != 3 {
		return nil, fmt.Errorf("fetch: converting the handler's Response: %v", err)
	}
	res := &Result{Status: int(parts[0].ToInteger())}
	var pairs [][]string
	if err := b.rt.ExportTo(parts[1], &pairs); err != nil {
		return nil, fmt.Errorf("fetch: converting the handler's Response headers: %w", err)
	}
	for _, p := range pairs {
		if len(p) == 2 {
			res.Header = append(res.Header, [2]string{p[0], p[1]})
		}
	}
	if ab, ok := parts[2].Export().(goja.ArrayBuffer); ok {
		res.Body = ab.Bytes()
	}
	return res, nil
}
