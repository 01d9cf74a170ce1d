package loadscenario

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procStatus reads a kB field such as "VmHWM:" from /proc/PID/status, in
// bytes.
func procStatus(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("reading process status: %w", err)
	}
	return statusField(string(b), field)
}

// statusField finds field in the text of a /proc/PID/status file.
func statusField(status, field string) (int64, error) {
	for _, line := range strings.Split(status, "\n") {
		if !strings.HasPrefix(line, field) {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || f[2] != "kB" {
			return 0, fmt.Errorf("process status %q: unexpected form", line)
		}
		kb, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("process status %q: %w", line, err)
		}
		return kb * 1024, nil
	}
	return 0, fmt.Errorf("process status: no %s line", field)
}

// resetRSSPeak resets the process's VmHWM to its current RSS (Linux
// clear_refs value 5), so each phase reports its own peak.
func resetRSSPeak(pid int) error {
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		return fmt.Errorf("resetting the RSS peak: %w", err)
	}
	return nil
}

// rssPeak is pid's VmHWM if its reset worked (else the peak would be the
// process's, not the phase's), 0 otherwise or when it cannot be read.
func rssPeak(pid int, reset bool) int64 {
	if !reset {
		return 0
	}
	v, err := procStatus(pid, "VmHWM:")
	if err != nil {
		return 0
	}
	return v
}
