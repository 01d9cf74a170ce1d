package vm

import "testing"

// TestStackReuseActive fails when goja's layout is not the one stack.go
// reads (a goja upgrade): calls still work, each growing a new stack.
func TestStackReuseActive(t *testing.T) {
	if loadStackLayout() == nil {
		t.Fatal("goja's Runtime/vm layout is not the one stack.go knows: the value stack is not reused")
	}
}
