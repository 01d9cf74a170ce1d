package capacity

import "sync/atomic"

// Budget is a node-wide memory budget shared by every API's runtime pool.
// A pool reserves a runtime's estimated size before it creates the runtime
// and releases it when the runtime is destroyed, so the runtimes of all APIs
// together stay within Limit. A nil *Budget is unlimited.
type Budget struct {
	limit int64
	used  atomic.Int64
}

// NewBudget returns a budget of limit bytes; limit <= 0 means unlimited.
func NewBudget(limit int64) *Budget {
	return &Budget{limit: limit}
}

// Reserve takes n bytes if they fit and reports whether they did.
func (b *Budget) Reserve(n int64) bool {
	if b == nil {
		return true
	}
	for {
		used := b.used.Load()
		if b.limit > 0 && used+n > b.limit {
			return false
		}
		if b.used.CompareAndSwap(used, used+n) {
			return true
		}
	}
}

// Force takes n bytes even past the limit: for the one runtime every API
// needs to load its scripts and answer at all.
func (b *Budget) Force(n int64) {
	if b != nil {
		b.used.Add(n)
	}
}

// Release gives back n bytes taken with Reserve or Force.
func (b *Budget) Release(n int64) {
	if b != nil {
		b.used.Add(-n)
	}
}

// Used is the number of bytes reserved now.
func (b *Budget) Used() int64 {
	if b == nil {
		return 0
	}
	return b.used.Load()
}

// Limit is the budget's size (0: unlimited).
func (b *Budget) Limit() int64 {
	if b == nil {
		return 0
	}
	return b.limit
}
