package kvstore

import (
	"container/list"
	"sync"
	"sync/atomic"
	"time"
)

// LocalBudget is the node-wide bound on the bytes every API's local tier
// holds together. It is safe for concurrent use.
type LocalBudget struct {
	max  int64
	used atomic.Int64
}

// NewLocalBudget returns a budget of max bytes.
func NewLocalBudget(max int64) *LocalBudget { return &LocalBudget{max: max} }

// Used returns the bytes held by every tier on the budget.
func (b *LocalBudget) Used() int64 { return b.used.Load() }

func (b *LocalBudget) take(n int64) bool {
	if b == nil {
		return true
	}
	for {
		used := b.used.Load()
		if used+n > b.max {
			return false
		}
		if b.used.CompareAndSwap(used, used+n) {
			return true
		}
	}
}

func (b *LocalBudget) give(n int64) {
	if b != nil {
		b.used.Add(-n)
	}
}

// localTier is an API's node-local read cache: least recently used entries
// go first when the quota (or the node budget) is reached, and an entry is
// served until the sooner of its local TTL and the key's own expiry. Its
// methods are no-ops on a nil tier.
type localTier struct {
	opts LocalOptions
	now  func() time.Time

	mu      sync.Mutex
	entries map[string]*list.Element
	lru     list.List // front: most recently used; values are *localEntry
	bytes   int64
	closed  bool // cleared for good: holds nothing more
}

type localEntry struct {
	key, value string
	expires    time.Time
}

// entryOverhead approximates the bookkeeping bytes of one entry.
const entryOverhead = 64

func (e *localEntry) size() int64 { return int64(len(e.key)+len(e.value)) + entryOverhead }

func newLocalTier(opts LocalOptions, now func() time.Time) *localTier {
	return &localTier{opts: opts, now: now, entries: make(map[string]*list.Element)}
}

// get returns a fresh cached value.
func (t *localTier) get(key string) (string, bool) {
	if t == nil {
		return "", false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	el, ok := t.entries[key]
	if !ok {
		return "", false
	}
	e := el.Value.(*localEntry)
	if !t.now().Before(e.expires) {
		t.remove(el)
		return "", false
	}
	t.lru.MoveToFront(el)
	return e.value, true
}

// put caches value for the local TTL, or less when the key expires sooner
// (ttl > 0); ttl is the key's remaining time to live or NoExpiry.
func (t *localTier) put(key, value string, ttl time.Duration) {
	if t == nil {
		return
	}
	life := t.opts.TTL
	if ttl > 0 && ttl < life {
		life = ttl
	}
	e := &localEntry{key: key, value: value, expires: t.now().Add(life)}
	size := e.size()
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.entries[key]; ok {
		t.remove(el)
	}
	if t.closed || size > t.opts.MaxBytes {
		return
	}
	for t.bytes+size > t.opts.MaxBytes || !t.opts.Budget.take(size) {
		back := t.lru.Back()
		if back == nil {
			return // the node budget is held by other APIs
		}
		t.remove(back)
		if t.bytes+size <= t.opts.MaxBytes && t.opts.Budget.take(size) {
			break
		}
	}
	t.entries[key] = t.lru.PushFront(e)
	t.bytes += size
}

// drop forgets key (before a write through this node).
func (t *localTier) drop(key string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.entries[key]; ok {
		t.remove(el)
	}
}

// close drops every entry, giving their bytes back to the node budget, and
// caches nothing more.
func (t *localTier) close() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	for el := t.lru.Front(); el != nil; el = t.lru.Front() {
		t.remove(el)
	}
}

// remove deletes an entry; callers hold mu.
func (t *localTier) remove(el *list.Element) {
	e := t.lru.Remove(el).(*localEntry)
	delete(t.entries, e.key)
	t.bytes -= e.size()
	t.opts.Budget.give(e.size())
}

// stats returns the entries and bytes held (for tests).
func (t *localTier) stats() (int, int64) {
	if t == nil {
		return 0, 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.entries), t.bytes
}
