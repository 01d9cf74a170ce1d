// Package heappeak samples the Go heap of the current process at a fixed
// interval and keeps the highest value seen, so a load run can report the
// heap peak of a phase. The load scenario uses it in process (the dev
// server target) and the test host program uses it for the plugin target.
package heappeak
