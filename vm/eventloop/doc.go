// Package eventloop owns the event loop a goja runtime runs each call on:
// callbacks registered by Go code doing work off the runtime's goroutine
// (k6's RegisterCallback contract), timers (setTimeout, setInterval and
// their clear functions) and queueMicrotask.
//
// A Loop belongs to one runtime and is reused across calls. Run runs one
// call: its first function, then every queued callback on the calling
// goroutine (the runtime's own), until nothing is registered, the call's
// context ends or a callback fails. JavaScript never runs on another
// goroutine: Go work started elsewhere hands its result back through the
// enqueue function RegisterCallback returned. When Run returns every timer
// and registration of the call is cancelled; an enqueue that arrives later
// is dropped, so nothing of a call reaches the next one. Timers and
// callbacks made outside a call (while scripts load) never run.
package eventloop
