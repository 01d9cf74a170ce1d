package capacity

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// DefaultHeapLimit is the heap guard's default threshold: 80 % of the
// memory the process may use (GOMEMLIMIT, else the cgroup's limit, else the
// machine's memory). The rest is headroom for the garbage the collector has
// not reclaimed yet and for memory outside the Go heap.
const DefaultHeapLimit = "80%"

// HeapLimit is a resolved heap guard threshold.
type HeapLimit struct {
	// Bytes is the threshold; 0 means the guard is off.
	Bytes int64
	// From says where it came from, for the start-up log line.
	From string
}

// MemoryLimits are the ceilings a percentage may refer to; each is 0 when
// unknown. SystemMemoryLimits reads the real ones.
type MemoryLimits struct {
	GoMemLimit int64 // GOMEMLIMIT / debug.SetMemoryLimit
	Cgroup     int64 // the container's memory limit
	Physical   int64 // the machine's memory
}

// ParseHeapLimit resolves a heap guard setting: "off" (or "0"), an absolute
// size ("1GiB"), or a percentage ("80%") of the first known of GOMEMLIMIT,
// the cgroup memory limit and physical memory. An empty setting means
// DefaultHeapLimit.
func ParseHeapLimit(setting string, lim MemoryLimits) (HeapLimit, error) {
	s := strings.TrimSpace(setting)
	switch strings.ToLower(s) {
	case "":
		s = DefaultHeapLimit
	case "off", "0", "none":
		return HeapLimit{From: "off"}, nil
	}
	if !strings.HasSuffix(s, "%") {
		n, err := ParseSize(s)
		if err != nil {
			return HeapLimit{}, err
		}
		return HeapLimit{Bytes: n, From: FormatSize(n)}, nil
	}
	pct, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil || math.IsNaN(pct) || pct <= 0 || pct > 100 {
		return HeapLimit{}, fmt.Errorf("%w %q: a percentage must be above 0 and at most 100", ErrSize, setting)
	}
	base, name := lim.ceiling()
	if base == 0 {
		return HeapLimit{From: "off (no memory limit known)"}, nil
	}
	n := int64(float64(base) * pct / 100)
	return HeapLimit{Bytes: n, From: fmt.Sprintf("%s of %s (%s)", s, name, FormatSize(base))}, nil
}

// ceiling is the tightest known memory ceiling and its name.
func (l MemoryLimits) ceiling() (int64, string) {
	switch {
	case l.GoMemLimit > 0:
		return l.GoMemLimit, "GOMEMLIMIT"
	case l.Cgroup > 0:
		return l.Cgroup, "the cgroup memory limit"
	case l.Physical > 0:
		return l.Physical, "physical memory"
	}
	return 0, ""
}

// SystemMemoryLimits reads the process's memory ceilings.
func SystemMemoryLimits() MemoryLimits {
	var l MemoryLimits
	if g := debug.SetMemoryLimit(-1); g > 0 && g < math.MaxInt64 {
		l.GoMemLimit = g
	}
	l.Cgroup = cgroupLimit()
	l.Physical = meminfoTotal()
	return l
}

// cgroupLimit reads cgroup v2's memory.max, else v1's limit_in_bytes; an
// unlimited or absurd value (no limit set) is 0.
func cgroupLimit() int64 {
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		return parseCgroupLimit(b)
	}
	return 0
}

func parseCgroupLimit(b []byte) int64 {
	s := strings.TrimSpace(string(b))
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n >= 1<<60 { // "max", or v1's page-rounded MaxInt64
		return 0
	}
	return n
}

// meminfoTotal reads MemTotal from /proc/meminfo (0 where there is none).
func meminfoTotal() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	return parseMeminfoTotal(b)
}

func parseMeminfoTotal(b []byte) int64 {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err == nil && kb > 0 {
				return kb << 10
			}
		}
	}
	return 0
}
