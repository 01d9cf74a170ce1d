package tykapi

import "sync"

// A response read or decoded by this package owns its Headers and
// SessionMeta maps: nothing else refers to them. Release hands them back,
// emptied, and the next response read straight from TykJsResponse's
// arguments fills them instead of making new ones. A gateway's collector
// pays for every byte a request allocates; these two maps are most of what
// the API allocates for an answer.

// maxReusedMap bounds the maps kept for reuse: a big one is left to the
// collector (clear keeps a map's room).
const maxReusedMap = 16

var (
	headerMaps sync.Pool // map[string]string
	metaMaps   sync.Pool // map[string]interface{}
)

// Release gives the response's maps back for later responses and empties
// r. r and the maps it held must not be used afterwards; a caller that
// keeps a map — SessionMeta stored in a session — sets that field to nil
// first. It does nothing for a response this package did not make.
func (r *Response) Release() {
	if r == nil || !r.owned {
		return
	}
	if h := r.Headers; h != nil && len(h) <= maxReusedMap {
		clear(h)
		headerMaps.Put(h)
	}
	if m := r.SessionMeta; m != nil && len(m) <= maxReusedMap {
		clear(m)
		metaMaps.Put(m)
	}
	*r = Response{}
}

// newHeaderMap returns an empty map for a response's headers, a released
// one when there is one.
func newHeaderMap(n int) map[string]string {
	if h, ok := headerMaps.Get().(map[string]string); ok {
		return h
	}
	return make(map[string]string, n)
}

// newMetaMap returns an empty map for a response's session meta, a
// released one when there is one.
func newMetaMap(n int) map[string]interface{} {
	if m, ok := metaMaps.Get().(map[string]interface{}); ok {
		return m
	}
	return make(map[string]interface{}, n)
}
