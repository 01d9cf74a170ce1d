package capacity

import (
	"sync"
	"testing"
)

func TestBudget(t *testing.T) {
	t.Parallel()
	b := NewBudget(100)
	if !b.Reserve(60) || !b.Reserve(40) {
		t.Fatal("reservations within the limit refused")
	}
	if b.Reserve(1) {
		t.Fatal("reservation past the limit granted")
	}
	b.Force(10)
	if b.Used() != 110 {
		t.Fatalf("Used = %d after Force, want 110", b.Used())
	}
	b.Release(60)
	if !b.Reserve(50) || b.Used() != 100 {
		t.Fatalf("Used = %d, want 100", b.Used())
	}
	var nilBudget *Budget
	if !nilBudget.Reserve(1 << 60) {
		t.Fatal("a nil budget must be unlimited")
	}
	nilBudget.Release(1)
	if nilBudget.Used() != 0 || nilBudget.Limit() != 0 {
		t.Fatal("a nil budget reports usage")
	}
}

// TestBudgetConcurrent checks that concurrent reservations never exceed the
// limit and that every byte comes back.
func TestBudgetConcurrent(t *testing.T) {
	t.Parallel()
	b := NewBudget(1000)
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				if b.Reserve(10) {
					if u := b.Used(); u > 1000 {
						t.Errorf("Used = %d > limit", u)
					}
					mu.Lock()
					granted++
					mu.Unlock()
					b.Release(10)
				}
			}
		}()
	}
	wg.Wait()
	if b.Used() != 0 {
		t.Fatalf("Used = %d after every release, want 0", b.Used())
	}
	if granted == 0 {
		t.Fatal("no reservation was granted")
	}
}
