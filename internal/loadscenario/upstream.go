package loadscenario

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// slowUpstream is the loopback upstream /slowio calls: it answers after a
// fixed delay, or when the caller gives up.
type slowUpstream struct {
	url string
	srv *http.Server
}

func startSlowUpstream(delay time.Duration) (*slowUpstream, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("slow upstream: listening: %w", err)
	}
	u := &slowUpstream{url: "http://" + ln.Addr().String()}
	u.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"slow":true}`)
	})}
	go func() { _ = u.srv.Serve(ln) }()
	return u, nil
}

func (u *slowUpstream) close() { _ = u.srv.Close() }
