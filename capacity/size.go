package capacity

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Size units: binary (KiB, MiB, GiB) and decimal (KB, MB, GB) multiples.
var sizeUnits = []struct {
	suffix string
	factor float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30},
	{"b", 1},
}

// ErrSize is wrapped by every ParseSize error.
var ErrSize = errors.New("invalid size")

// ParseSize reads a byte count: a plain number of bytes ("1048576") or a
// number with a unit ("64MiB", "1.5GB", "512k"; case-insensitive, binary
// for KiB/MiB/GiB and the one-letter forms, decimal for KB/MB/GB). The
// result is a whole number of bytes between 0 and math.MaxInt64.
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	factor := 1.0
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, factor = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.factor
			break
		}
	}
	if t == "" {
		return 0, fmt.Errorf("%w %q: a number is required, e.g. \"64MiB\"", ErrSize, s)
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("%w %q: want a number of bytes or a number with a unit (KiB, MiB, GiB, KB, MB, GB)", ErrSize, s)
	}
	b := n * factor
	if b < 0 {
		return 0, fmt.Errorf("%w %q: must not be negative", ErrSize, s)
	}
	if b >= math.MaxInt64 {
		return 0, fmt.Errorf("%w %q: too large", ErrSize, s)
	}
	return int64(b), nil
}

// FormatSize writes n in the largest binary unit that keeps it readable
// ("64MiB", "1.5GiB", "300B").
func FormatSize(n int64) string {
	units := []struct {
		name string
		size int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}
	for _, u := range units {
		if n >= u.size {
			v := strconv.FormatFloat(float64(n)/float64(u.size), 'f', 2, 64)
			return strings.TrimSuffix(strings.TrimRight(v, "0"), ".") + u.name
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}
