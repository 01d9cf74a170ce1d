package tykapi_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tyk-ve/tyk-ve/vm"
)

func TestTykJSMiddlewareFixture(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("testdata", "tykjs_middleware.js"))
	if err != nil {
		t.Fatal(err)
	}
	p := newTestPool(t, nil, string(src))
	for i := 0; i < 2; i++ { // the second call runs on the reset runtime
		resp, err := call(t, p, "runMiddleware", nil)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"Request":{"Body":"aGVsbG8gd29ybGQ=","Headers":{},"SetHeaders":{"X-Seen":"1"}},"SessionMeta":{"seen":1,"api":"api-1"}}`
		if resp.Body != want {
			t.Fatalf("call %d: got  %s\nwant %s", i, resp.Body, want)
		}
	}
}

func TestTykJSBehaviour(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body, want string
		wantLog          []string
	}{
		{"namespace keys", `return [Object.keys(TykJS), Object.keys(TykJS.TykMiddleware), Object.keys(TykJS.TykEventHandlers)].join("|");`,
			"TykMiddleware,TykEventHandlers|MiddlewareComponentMeta,NewMiddleware|EventHandlerComponentMeta,NewEventHandler", nil},
		{"middleware shape", `var m = new TykJS.TykMiddleware.NewMiddleware({a: 1}); m.NewProcessRequest(function (r) { return r; });
			var keys = []; for (var k in m) { keys.push(k); }
			return [keys.join(","), m instanceof TykJS.TykMiddleware.MiddlewareComponentMeta, m.constructor === TykJS.TykMiddleware.NewMiddleware,
				m.hasOwnProperty("ProcessRequest"), JSON.stringify(m.configuration)].join("|");`,
			"configuration,ProcessRequest,constructor,NewProcessRequest,NewProcessResponse,ReturnData,ReturnResponseData,ReturnAuthData,DoProcessRequest,ProcessResponse,DoProcessResponse|true|true|true|{\"a\":1}", nil},
		{"event handler shape", `var h = new TykJS.TykEventHandlers.NewEventHandler(); var keys = []; for (var k in h) { keys.push(k); }
			return [keys.join(","), h instanceof TykJS.TykEventHandlers.EventHandlerComponentMeta, h.configuration === undefined].join("|");`,
			"constructor,NewHandler,DoProcessEvent,Handle|true|true", nil},
		{"return helpers", `var m = new TykJS.TykMiddleware.NewMiddleware({});
			return JSON.stringify([m.ReturnData(1, 2), m.ReturnAuthData(3, 4), m.ReturnResponseData(5, 6)]);`,
			`[{"Request":1,"SessionMeta":2},{"Request":3,"Session":4},{"Response":5,"SessionMeta":6}]`, nil},
		{"request without result", `var m = new TykJS.TykMiddleware.NewMiddleware({}); m.NewProcessRequest(function () { return null; });
			return m.DoProcessRequest({Body: ""}, {}, {});`, "undefined", []string{"Middleware didn't return request object!"}},
		{"request arguments and body decoding", `var m = new TykJS.TykMiddleware.NewMiddleware({}); var seen;
			m.NewProcessRequest(function (r, s, c) { seen = [r.Body, s.x, c.y, this === m]; return m.ReturnData(r, {}); });
			m.DoProcessRequest({Body: b64enc("é!"), Headers: {"X": "1"}}, {x: 1}, {y: 2}); return seen.join(",");`, "é!,1,2,true", nil},
		{"undecodable body becomes undefined", `var m = new TykJS.TykMiddleware.NewMiddleware({}); var seen = "unset";
			m.NewProcessRequest(function (r) { seen = r.Body; return m.ReturnData(r, {}); });
			var out = m.DoProcessRequest({Body: "%%%"}, {}, {}); return String(seen) + " " + out;`,
			`undefined {"Request":{"Body":"dW5kZWZpbmVk","Headers":{}},"SessionMeta":{}}`, []string{"Failed to base64 decode"}},
		{"response processing", `var m = new TykJS.TykMiddleware.NewMiddleware({});
			m.NewProcessResponse(function (resp, req, s, c) { resp.Body = resp.Body + req.URL + s.k + c.c; return m.ReturnResponseData(resp, {z: 1}); });
			return m.DoProcessResponse({Body: "raw", Code: 200}, {URL: "/u"}, {k: "K"}, {c: "C"});`,
			`{"Response":{"Body":"raw/uKC","Code":200},"SessionMeta":{"z":1}}`, nil},
		{"response defaults", `var m = new TykJS.TykMiddleware.NewMiddleware({}); var out = m.DoProcessResponse({Code: 1}, {}, {}, {});
			m.NewProcessResponse(function () {}); return out + " " + m.DoProcessResponse({}, {}, {}, {});`,
			`{"Code":1} undefined`, []string{"Process Response Not Implemented", "Middleware didn't return response object!"}},
		{"event handler", `var h = new TykJS.TykEventHandlers.NewEventHandler(); var seen;
			h.NewHandler(function (ev, ctx) { seen = ev.name + ctx.c; return "ignored"; });
			return String(h.DoProcessEvent({name: "E"}, {c: "C"})) + " " + seen;`, "undefined EC", []string{"Calling built - in handle"}},
		{"event handler default", `var h = new TykJS.TykEventHandlers.NewEventHandler(); return h.Handle(7, {}) + " " + h.DoProcessEvent(1, 2);`,
			"7 undefined", []string{"Handler not implemented!", "Calling built - in handle"}},
		{"helpers looked up at call time", `var m = new TykJS.TykMiddleware.NewMiddleware({}); b64enc = function (s) { return "<" + s + ">"; };
			m.NewProcessRequest(function (r) { return m.ReturnData(r, null); }); return m.DoProcessRequest({Body: b64enc("x")}, {}, {});`,
			`{"Request":{"Body":"<undefined>","Headers":{}},"SessionMeta":null}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := captureLogger()
			got, err := runVE(t, func(c *vm.PoolConfig) { c.Logger = logger }, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			for _, w := range tc.wantLog {
				if !strings.Contains(logs.String(), w) {
					t.Errorf("log lacks %q:\n%s", w, logs)
				}
			}
		})
	}
}

// TestTykJSDefaultProcessRequestThrows: as in Tyk, the default
// ProcessRequest returns the request itself, which has no .Request, so
// DoProcessRequest throws; the stack names the core file.
func TestTykJSDefaultProcessRequestThrows(t *testing.T) {
	t.Parallel()
	logger, logs := captureLogger()
	_, err := runVE(t, func(c *vm.PoolConfig) { c.Logger = logger },
		`return new TykJS.TykMiddleware.NewMiddleware({}).DoProcessRequest({Body: ""}, {}, {});`)
	var se *vm.ScriptError
	if !errors.As(err, &se) || !strings.Contains(se.Message, "TypeError") || !strings.Contains(se.Stack, "tyk-core.js") {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(logs.String(), "Process Request Not Implemented") {
		t.Errorf("log: %s", logs)
	}
}
