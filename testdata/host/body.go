package host

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// rewindingBody is a request body that can be read again: it seeks back to
// the start at EOF and ignores Close, like Tyk's nopCloserBuffer, so the
// upstream still gets the body a plugin read.
type rewindingBody struct {
	*bytes.Reader
}

// Read reads, and rewinds once the end is reached.
func (b rewindingBody) Read(p []byte) (int, error) {
	n, err := b.Reader.Read(p)
	if err == io.EOF {
		_, _ = b.Seek(0, io.SeekStart)
	}
	return n, err
}

// Close does nothing, so the body survives a reader that closes it.
func (rewindingBody) Close() error { return nil }

// makeBodyRereadable replaces r.Body with a rewindingBody holding the same
// bytes (nopCloseRequestBody in Tyk).
func makeBodyRereadable(r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	if _, ok := r.Body.(rewindingBody); ok {
		return nil
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return fmt.Errorf("reading request body: %w", err)
	}
	_ = r.Body.Close()
	r.Body = rewindingBody{bytes.NewReader(data)}
	r.ContentLength = int64(len(data))
	return nil
}

// rewind puts a rewindingBody back at its start before proxying.
func rewind(r *http.Request) {
	if b, ok := r.Body.(rewindingBody); ok {
		_, _ = b.Seek(0, io.SeekStart)
	}
}
