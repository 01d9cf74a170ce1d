// Package lograte keeps repeated log lines from flooding the gateway's log:
// a Limiter lets one line through per interval and counts the rest, so the
// line that passes can say how many it stands for.
package lograte
