package plugin

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/capacity"
	"github.com/tyk-ve/tyk-ve/vm"
)

// Error is a failed virtual endpoint call as a value: the status and the
// short message the client gets, the detail for the log, and the ID that
// links the two.
type Error struct {
	Status  int
	Message string // safe for the client
	Err     error  // the detail, logged only
	ID      string
	// RetryAfter, in seconds, is sent as Retry-After when > 0: the
	// endpoint is busy or the node is short of memory, not broken.
	RetryAfter int
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (id %s): %v", e.Message, e.ID, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Sentinel errors of the plugin layer.
var (
	ErrRequestTooLarge  = errors.New("request body exceeds limits.max_request_body")
	ErrResponseTooLarge = errors.New("response body exceeds limits.max_response_body")
	ErrInvalidStatus    = errors.New("invalid status code")
	ErrConfig           = errors.New("invalid tyk_ve configuration")
	ErrEndpointBusy     = errors.New("endpoint at its limit of concurrent calls (max_concurrent or pool.endpoint_share)")
)

// newError classifies err into a client-facing status and message.
func newError(err error) *Error {
	e := &Error{Status: http.StatusInternalServerError, Err: err, ID: newID()}
	switch {
	case errors.Is(err, vm.ErrTimeout):
		e.Message = "virtual endpoint timed out"
	case errors.Is(err, vm.ErrPoolExhausted):
		e.Status, e.Message, e.RetryAfter = http.StatusServiceUnavailable, "virtual endpoint busy: no runtime available", 1
	case errors.Is(err, ErrEndpointBusy):
		e.Status, e.Message, e.RetryAfter = http.StatusServiceUnavailable, "virtual endpoint busy: too many concurrent calls", 1
	case errors.Is(err, capacity.ErrHeapLimit):
		e.Status, e.Message, e.RetryAfter = http.StatusServiceUnavailable, "virtual endpoint unavailable: the gateway is short of memory", 1
	case errors.Is(err, ErrRequestTooLarge):
		e.Status, e.Message = http.StatusRequestEntityTooLarge, "request body too large for the virtual endpoint"
	case errors.Is(err, vm.ErrStackOverflow):
		e.Message = "virtual endpoint exceeded the maximum call stack depth"
	case errors.Is(err, vm.ErrInvalidResult), errors.Is(err, ErrInvalidStatus):
		e.Message = "virtual endpoint returned an invalid response"
	case errors.Is(err, ErrResponseTooLarge):
		e.Message = "virtual endpoint response too large"
	case errors.Is(err, ErrConfig):
		e.Message = "virtual endpoint configuration error"
	case errors.Is(err, vm.ErrFunctionNotFound):
		e.Message = "virtual endpoint function not defined"
	case errors.Is(err, vm.ErrScript):
		e.Message = "virtual endpoint script error"
	case errors.Is(err, vm.ErrClosed):
		e.Status, e.Message = http.StatusServiceUnavailable, "virtual endpoint reloading, retry"
	default:
		e.Message = "virtual endpoint error"
	}
	return e
}

// writeError answers the client with {"error": ..., "id": ...}.
func writeError(w http.ResponseWriter, e *Error) {
	body, _ := json.Marshal(struct {
		Error string `json:"error"`
		ID    string `json:"id"`
	}{e.Message, e.ID})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Server", "tyk")
	h.Set("Content-Length", fmt.Sprint(len(body)))
	h.Del("Content-Encoding")
	if e.RetryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

// newID returns a short random ID that links an error body to its log
// line. It is a correlation ID, not a secret: math/rand/v2 avoids a system
// call per error under load.
func newID() string {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], rand.Uint64())
	return hex.EncodeToString(b[:])
}

// ServeStartFailure answers a request of an API that uses tyk-ve when the
// plugin itself could not start (its settings were rejected; the reason
// was logged once at start-up): 500 with the JSON error body, so the
// request fails closed instead of reaching the upstream unserved.
func ServeStartFailure(w http.ResponseWriter, err error) {
	writeError(w, newError(fmt.Errorf("%w: tyk-ve did not start: %v", ErrConfig, err)))
}

// RecoverPanic is for the gateway-facing entry points: given a recovered
// panic value, it logs it with a new request id and answers 500 with the
// JSON error body, so a panic never reaches the gateway.
func RecoverPanic(w http.ResponseWriter, log logrusFieldLogger, p interface{}) {
	e := newError(fmt.Errorf("panic: %v", p))
	log.WithField("id", e.ID).Errorf("tyk-ve: recovered from a panic: %v", p)
	writeError(w, e)
}

// logrusFieldLogger is the part of a logrus logger RecoverPanic needs.
type logrusFieldLogger interface {
	WithField(key string, value interface{}) *logrus.Entry
}
