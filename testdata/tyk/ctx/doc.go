// Package ctx is a test double of github.com/TykTechnologies/tyk/ctx: the
// request-context keys and accessors the gateway shares with Go plugins.
//
// It reproduces the v5.9.2 contract that tyk-ve relies on: GetSession returns
// the live session pointer, SetSession schedules persistence with Touch and
// honours an explicit hashKey only when two or more are passed, and
// GetDefinition / GetOASDefinition return deep copies while the values under
// the Definition and OASDefinition keys are the gateway's live pointers.
package ctx
