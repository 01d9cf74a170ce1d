package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/sirupsen/logrus"
)

// Path is where the node-wide listener serves the metrics.
const Path = "/metrics"

// Listener is the node-wide metrics listener: an HTTP server of its own
// (apart from the gateway's ports) serving Path.
type Listener struct {
	srv  *http.Server
	addr net.Addr
	done chan struct{}
}

// Listen binds addr and serves h at Path in the background. A bind
// failure is returned (the caller logs it and carries on without the
// listener); serving errors later are logged on log (nil: logrus's
// standard logger).
func Listen(addr string, h http.Handler, log logrus.FieldLogger) (*Listener, error) {
	if log == nil {
		log = logrus.StandardLogger()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener on %q: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle(Path, h)
	l := &Listener{addr: ln.Addr(), done: make(chan struct{}),
		srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
			WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}}
	go func() {
		defer close(l.done)
		if err := l.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.WithError(err).Error("tyk-ve: metrics listener stopped")
		}
	}()
	return l, nil
}

// Addr is the address the listener is bound to.
func (l *Listener) Addr() net.Addr { return l.addr }

// Close stops the listener, waiting up to five seconds for scrapes in
// progress; it is safe on a nil Listener.
func (l *Listener) Close() error {
	if l == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := l.srv.Shutdown(ctx)
	<-l.done
	return err
}
