package kvstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/kvstore/redistest"
)

// storeKind makes a fresh store of one implementation for a test.
type storeKind struct {
	name string
	make func(t *testing.T) Store
}

// runID keeps keys of separate runs apart on a shared TYKVE_REDIS_ADDR.
var runID = strconv.FormatInt(time.Now().UnixNano(), 36)

var prefixSeq atomic.Int64

// testPrefix returns a key prefix no other test uses.
func testPrefix() string {
	return fmt.Sprintf("t%s-%d:", runID, prefixSeq.Add(1))
}

// kinds are the two implementations every differential test runs on.
func kinds() []storeKind {
	return []storeKind{
		{"memory", func(t *testing.T) Store { return NewMemory(MemoryOptions{}) }},
		{"redis", newTestRedis},
	}
}

func newTestRedis(t *testing.T) Store { return newRedisForTB(t) }

func newRedisForTB(t testing.TB) Store {
	t.Helper()
	addr := redistest.Start(t)
	host, port, _ := strings.Cut(addr, ":")
	p, _ := strconv.Atoi(port)
	r, err := NewRedis(RedisConfig{Host: host, Port: p})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// errName names an error by the sentinel it matches, so the two stores'
// failures compare equal when they mean the same.
func errName(err error) string {
	if err == nil {
		return "ok"
	}
	for _, s := range []error{ErrNotInteger, ErrOverflow, ErrInvalidExpire, ErrTooManyKeys, ErrUnavailable, ErrClosed, ErrLimit} {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	return "error: " + err.Error()
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
