//go:build !linux

package redistest

import "os/exec"

// dieWithParent is Linux-only; elsewhere t.Cleanup stops the server.
func dieWithParent(*exec.Cmd) {}
