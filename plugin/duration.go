package plugin

import (
	"encoding/json"
	"fmt"
	"time"
)

// Duration is a time.Duration that reads from JSON as a Go duration string
// ("250ms", "5s") or as a number of seconds (like Tyk's jsvm_timeout).
type Duration time.Duration

// UnmarshalJSON accepts "1.5s" or 1.5.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var v interface{}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case string:
		dur, err := time.ParseDuration(x)
		if err != nil {
			return fmt.Errorf("invalid duration %q (want e.g. \"250ms\" or \"5s\")", x)
		}
		*d = Duration(dur)
	case float64:
		*d = Duration(x * float64(time.Second))
	case nil:
		*d = 0
	default:
		return fmt.Errorf("invalid duration %s (want a string like \"5s\" or seconds)", string(b))
	}
	return nil
}

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// Std returns the time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }
