package apidef

// RateLimitSmoothing holds rate limit smoothing settings.
type RateLimitSmoothing struct {
	// Enabled indicates if rate limit smoothing is active.
	Enabled bool `json:"enabled" bson:"enabled"`
	// Threshold is the request rate above which smoothing is applied.
	Threshold int64 `json:"threshold" bson:"threshold"`
	// Trigger is the step factor determining when smoothing events trigger.
	Trigger float64 `json:"trigger" bson:"trigger"`
	// Step is the increment by which the allowance changes.
	Step int64 `json:"step" bson:"step"`
	// Delay is the minimum time between allowance changes, in seconds.
	Delay int64 `json:"delay" bson:"delay"`
}
