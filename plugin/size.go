package plugin

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/tyk-ve/tyk-ve/capacity"
)

// Size is a byte count that reads from JSON as a string with a unit
// ("64MiB", "256KiB", "1GB") or as a plain number of bytes.
type Size int64

// UnmarshalJSON accepts "64MiB" or 67108864.
func (s *Size) UnmarshalJSON(b []byte) error {
	var v interface{}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case string:
		n, err := capacity.ParseSize(x)
		if err != nil {
			return err
		}
		*s = Size(n)
	case float64:
		if x < 0 || x >= math.MaxInt64 || x != math.Trunc(x) {
			return fmt.Errorf("invalid size %s (want a whole number of bytes or a string like \"64MiB\")", string(b))
		}
		*s = Size(x)
	case nil:
		*s = 0
	default:
		return fmt.Errorf("invalid size %s (want a string like \"64MiB\" or a number of bytes)", string(b))
	}
	return nil
}

// MarshalJSON writes the size with a unit.
func (s Size) MarshalJSON() ([]byte, error) {
	return json.Marshal(capacity.FormatSize(int64(s)))
}
