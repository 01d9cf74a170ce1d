package redistest

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the server die with the test process even when that
// is killed (a fuzz worker), so no redis-server outlives its test.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
