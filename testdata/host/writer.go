package host

import "net/http"

// responseWriter wraps the client's writer like Tyk's customResponseWriter:
// it records whether, and with which status, the hook answered. Header()
// is the real header map, so headers set without writing reach the client
// even when the request continues upstream.
type responseWriter struct {
	http.ResponseWriter
	sent   bool
	status int
	bytes  int64
}

// WriteHeader records the status and passes it on.
func (w *responseWriter) WriteHeader(code int) {
	if !w.sent {
		w.sent, w.status = true, code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and passes the bytes on.
func (w *responseWriter) Write(b []byte) (int, error) {
	if !w.sent {
		w.sent, w.status = true, http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush passes a flush on when the underlying writer supports it.
func (w *responseWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *responseWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}
