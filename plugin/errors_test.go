package plugin

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/tyk-ve/tyk-ve/vm"
)

func TestRecoverPanicAnswersJSON(t *testing.T) {
	t.Parallel()
	logger, hook := testLogger()
	w := httptest.NewRecorder()
	RecoverPanic(w, logger, "boom")
	var body struct{ Error, ID string }
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 500 || body.ID == "" {
		t.Fatalf("got %d %s (%v)", w.Code, w.Body.String(), err)
	}
	if e := hook.LastEntry(); e == nil || e.Data["id"] != body.ID {
		t.Fatalf("log entry does not carry the id %s: %+v", body.ID, e)
	}
}

func TestErrorClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    error
		status int
	}{
		{vm.ErrTimeout, 500}, {vm.ErrPoolExhausted, 503}, {ErrRequestTooLarge, 413}, {vm.ErrClosed, 503},
		{&vm.ScriptError{Message: "x"}, 500}, {ErrInvalidStatus, 500}, {errors.New("other"), 500},
	}
	for _, tc := range tests {
		if e := newError(tc.err); e.Status != tc.status || e.Message == "" || len(e.ID) != 16 {
			t.Errorf("%v: %+v", tc.err, e)
		}
	}
}
