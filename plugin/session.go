package plugin

import (
	"reflect"

	"github.com/sirupsen/logrus"
	"github.com/tyk-ve/tyk-ve/vm"
)

// Session is the request's key session as the host holds it.
type Session interface {
	// JSON returns the host's session marshalled to JSON, or nil when the
	// request has no session (a keyless API).
	JSON() ([]byte, error)
	// MetaData returns the session's current meta_data.
	MetaData() map[string]interface{}
	// SetMetaData replaces meta_data and schedules the session to be saved.
	SetMetaData(map[string]interface{})
}

// writeBackMeta applies Tyk's rule: if the returned SessionMeta differs from
// the session's meta_data (reflect.DeepEqual), it replaces it entirely and the
// session is saved. Returning no metadata for a key that has some wipes it —
// Tyk's documented pitfall, kept for compatibility and logged as a warning.
func writeBackMeta(sess Session, resp *vm.Response, log *logrus.Entry) {
	old := sess.MetaData()
	if reflect.DeepEqual(old, resp.SessionMeta) {
		return
	}
	if resp.SessionMeta == nil && len(old) > 0 {
		log.Warn("tyk-ve: the function returned no session metadata; the key's existing meta_data is wiped " +
			"(pass session.meta_data as TykJsResponse's second argument to keep it)")
	}
	sess.SetMetaData(resp.SessionMeta)
	resp.SessionMeta = nil // the session holds it now: Release must not reuse it
}
