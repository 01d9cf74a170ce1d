package plugin

import (
	"net/http"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/vm"
)

// answer records a Workers-style response written before its call ended
// (work handed to ctx.waitUntil goes on after it).
type answer struct {
	done bool
	err  error
}

// workersCall makes call Workers-style: the handler gets a Request for r
// and env.session when the endpoint uses the session; its Response is
// written, exactly as a TykJsResponse result is, as soon as it is ready;
// the key's meta_data is left unchanged.
func (h *Handler) workersCall(w http.ResponseWriter, r *http.Request, api *API, call *vm.Call, sess Session,
	withSession, useSession bool, log *logrus.Entry, written *bool) *answer {
	a := &answer{}
	call.Workers = &vm.WorkersCall{
		Method:  r.Method,
		URL:     incomingURL(r),
		Session: withSession,
		OnResponse: func(resp *vm.Response) {
			a.done = true
			if useSession {
				// a Workers-style handler has no session write-back: keep
				// the key's meta_data as it is
				resp.SessionMeta = sess.MetaData()
			}
			a.err = h.respond(w, r, api, resp, call.Session, sess, useSession, log, written)
			if f, ok := w.(http.Flusher); ok && a.err == nil && *written {
				f.Flush()
			}
		},
	}
	return a
}

// incomingURL is the request's absolute URL as the client sent it: scheme
// from the connection, the Host header, the path and query.
func incomingURL(r *http.Request) string {
	if r.URL.IsAbs() {
		return r.URL.String()
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	return scheme + "://" + host + r.URL.RequestURI()
}
