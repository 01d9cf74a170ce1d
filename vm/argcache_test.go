package vm

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// argsProbe reports what a call sees of its config and session, including
// what a cached object could carry over: prototypes and own property names.
const argsProbe = `
function probe(request, session, config) {
	var cd = config.config_data;
	var out = {
		config: JSON.stringify(config),
		session: JSON.stringify(session),
		keys: Object.keys(cd).join(","),
		names: Object.getOwnPropertyNames(session.meta_data).join(","),
		protos: [Object.getPrototypeOf(config) === Object.prototype,
			Object.getPrototypeOf(cd) === Object.prototype,
			Object.getPrototypeOf(cd.nested) === Object.prototype,
			Object.getPrototypeOf(session.meta_data) === Object.prototype].join(","),
		inherited: String(cd.fromProto) + "," + String(session.meta_data.fromProto)
	};
	return TykJsResponse({Body: JSON.stringify(out), Code: 200}, session.meta_data);
}`

var argsSession = []byte(`{"meta_data":{"tier":"gold","n":1},"tags":["a","b"],"alias":"k"}`)

// argsConfig is the config both probes and mutations use.
func argsConfig(t *testing.T) *ConfigObject {
	t.Helper()
	cfg, err := NewConfigObject("api-1", "org-1", map[string]interface{}{
		"currency": "EUR", "list": []interface{}{1, 2, 3},
		"nested": map[string]interface{}{"deep": map[string]interface{}{"x": 1}},
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// argsCall is the call both probes and mutations use; a non-nil prepared
// session replaces the JSON text.
func argsCall(fn string, cfg *ConfigObject, prepared *PreparedJSON) *Call {
	c := &Call{Function: fn, Request: &Request{URL: "/"}, Session: argsSession, Config: cfg}
	if prepared != nil {
		c.Session, c.PreparedSession = nil, prepared
	}
	return c
}

// TestArgumentReuseNeverLeaksChanges: whatever a call does to its config and
// session objects, the next call on the same runtime sees them exactly as a
// fresh call does — in both state modes and for both session paths.
func TestArgumentReuseNeverLeaksChanges(t *testing.T) {
	t.Parallel()
	mutations := []struct{ name, body string }{
		{"nothing", ``},
		{"set a config_data member", `config.config_data.currency = "XXX";`},
		{"add a config_data member", `config.config_data.added = {x: 1};`},
		{"add an index key", `config.config_data["7"] = 1;`},
		{"delete a member", `delete config.config_data.currency;`},
		{"set a top-level member", `config.APIID = "other"; session.alias = "x";`},
		{"delete a top-level member", `delete config.OrgID; delete session.meta_data;`},
		{"nested write", `config.config_data.nested.deep.x = 2;`},
		{"array push", `config.config_data.list.push(4); session.tags.push("c");`},
		{"array element", `config.config_data.list[0] = 9;`},
		{"array length", `session.tags.length = 0;`},
		{"defineProperty", `Object.defineProperty(config.config_data, "hidden", {value: 1, writable: true, enumerable: true, configurable: true});`},
		{"setPrototypeOf", `Object.setPrototypeOf(config.config_data, {fromProto: "p"}); Object.setPrototypeOf(session.meta_data, {fromProto: "q"});`},
		{"proto via __proto__", `config.config_data.nested.__proto__ = {x: 1};`},
		{"session meta_data", `session.meta_data.tier = "silver"; session.meta_data.extra = true;`},
		{"replace meta_data", `session.meta_data = {other: 1};`},
		{"failed freeze", `try { Object.freeze(config.config_data) } catch (e) {}`},
	}
	for _, state := range []State{StateIsolated, StateShared} {
		for _, prepared := range []bool{false, true} {
			for _, m := range mutations {
				state, prepared, m := state, prepared, m
				name := string(state) + "/" + map[bool]string{false: "text", true: "prepared"}[prepared] + "/" + m.name
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					src := argsProbe + "\nfunction mutate(request, session, config) {" + m.body +
						"\n return TykJsResponse({Body: \"ok\", Code: 200}, {}); }"
					p := newTestPool(t, func(c *PoolConfig) { c.State, c.MaxRuntimes, c.Prewarm = state, 1, 1 }, src)
					cfg := argsConfig(t)
					var session *PreparedJSON
					if prepared {
						session = PrepareJSON(argsSession)
					}
					ctx := context.Background()
					fresh, err := p.Call(ctx, argsCall("probe", cfg, session))
					if err != nil {
						t.Fatal(err)
					}
					for i := 0; i < 2; i++ {
						if _, err := p.Call(ctx, argsCall("mutate", cfg, session)); err != nil {
							t.Fatalf("mutate: %v", err)
						}
						got, err := p.Call(ctx, argsCall("probe", cfg, session))
						if err != nil {
							t.Fatal(err)
						}
						if got.Body != fresh.Body {
							t.Fatalf("after %q the next call saw\n%s\nwant\n%s", m.body, got.Body, fresh.Body)
						}
					}
				})
			}
		}
	}
}

// TestArgumentReuse: an unchanged config or session is handed to the next
// call as the same object; a changed one, or a different session, is not.
func TestArgumentReuse(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, func(c *PoolConfig) { c.State, c.MaxRuntimes, c.Prewarm = StateShared, 1, 1 }, `
		var last = {};
		function same(request, session, config) {
			var out = [last.config === config, last.data === config.config_data, last.session === session].join(",");
			last = {config: config, data: config.config_data, session: session};
			return TykJsResponse({Body: out, Code: 200}, null);
		}
		function touch(request, session, config) {
			config.config_data.k = "changed";
			last = {config: config, data: config.config_data, session: session};
			return TykJsResponse({Body: "", Code: 200}, null);
		}`)
	cfg, err := NewConfigObject("a", "o", map[string]interface{}{"k": "v"}, true)
	if err != nil {
		t.Fatal(err)
	}
	run := func(fn, session string) string {
		t.Helper()
		resp, err := p.Call(context.Background(), &Call{Function: fn, Request: &Request{}, Session: []byte(session), Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Body
	}
	steps := []struct{ fn, session, want string }{
		{"same", `{"a":1}`, "false,false,false"},
		{"same", `{"a":1}`, "true,true,true"},   // unchanged: reused
		{"same", `{"a":2}`, "true,true,false"},  // another session: rebuilt
		{"touch", `{"a":2}`, ""},                // changes config_data
		{"same", `{"a":2}`, "false,false,true"}, // config rebuilt, session reused
		{"same", `{"a":2}`, "true,true,true"},
	}
	for i, s := range steps {
		if got := run(s.fn, s.session); got != s.want {
			t.Fatalf("step %d (%s %s): got %q, want %q", i, s.fn, s.session, got, s.want)
		}
	}
}

// TestArgumentObjectsBehaveLikePlainObjects: the same operations on the
// config and session objects and on plain JSON.parse copies give the same
// results.
func TestArgumentObjectsBehaveLikePlainObjects(t *testing.T) {
	t.Parallel()
	ops := []string{
		`o.b = 1; o["2"] = 2; o.a = 3; o["0"] = 0; o["10"] = 10; o["01"] = "s";`,
		`delete o.z; o.z = 1; delete o.y; o.y = 2;`,
		`o.m.x = 1; delete o.m.k; o.m["5"] = 5;`,
		`for (var k in o) { o[k + "_copy"] = o[k] }`,
		`var c = Object.assign({}, o); o.assigned = Object.keys(c).length;`,
		`o.spread = Object.keys({...o}).join(",");`,
		`o.has = ["m" in o, o.hasOwnProperty("z"), o.propertyIsEnumerable("y"), "toString" in o].join(",");`,
		`Object.defineProperty(o, "d", {value: 4, writable: true, enumerable: true, configurable: true});`,
		`o.entries = Object.entries(o.m).map(function (e) { return e.join("=") }).join("&");`,
		`o.desc = JSON.stringify(Object.getOwnPropertyDescriptor(o, "z"));`,
	}
	cfg, err := NewConfigObject("a", "o", map[string]interface{}{"z": 1, "y": 2, "3": 3, "m": map[string]interface{}{"k": "v"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	checkLikePlain(t, ops, `[config.config_data]`, func(body []byte) *Call {
		return &Call{Function: "check", Request: &Request{Body: body}, Config: cfg}
	})
}

// likePlainJS defines check(request, session, config): it runs the
// operation in the request body (a one-element JSON array) on each object
// the expression host lists and on a plain JSON.parse copy of it, and
// answers with every difference in their JSON and key order.
const likePlainJS = `function check(request, session, config) {
	var op = JSON.parse(request.Body)[0];
	var results = [];
	(%s).forEach(function (host) {
		var plain = JSON.parse(JSON.stringify(host));
		var run = new Function("o", op);
		run(host); run(plain);
		var a = JSON.stringify(host) + "|" + Object.keys(host).join(","), b = JSON.stringify(plain) + "|" + Object.keys(plain).join(",");
		if (a !== b) results.push(op + "\n  host:  " + a + "\n  plain: " + b);
	});
	return TykJsResponse({Body: results.join("\n"), Code: 200}, null);
}`

// checkLikePlain runs each operation through likePlainJS on the objects
// hosts lists, with the call call builds around the operation's body.
func checkLikePlain(t *testing.T, ops []string, hosts string, call func(body []byte) *Call) {
	t.Helper()
	p := newTestPool(t, nil, strings.Replace(likePlainJS, "%s", hosts, 1))
	for _, op := range ops {
		body, _ := json.Marshal([]string{op})
		resp, err := p.Call(context.Background(), call(body))
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		if resp.Body != "" {
			t.Errorf("differs:\n%s", resp.Body)
		}
	}
}

// TestArgumentReuseConcurrent: runtimes of one pool share the prepared
// config and session documents; concurrent calls that change their objects
// never disturb another call (run under -race in CI).
func TestArgumentReuseConcurrent(t *testing.T) {
	t.Parallel()
	src := argsProbe + `
	function mutate(request, session, config) {
		config.config_data.currency = "XXX"; delete config.config_data.nested; config.config_data["3"] = 3;
		session.meta_data.tier = "silver"; Object.setPrototypeOf(session.meta_data, null);
		return TykJsResponse({Body: "ok", Code: 200}, {});
	}`
	p := newTestPool(t, func(c *PoolConfig) { c.MaxRuntimes, c.Prewarm = 4, 4 }, src)
	cfg := argsConfig(t)
	session := PrepareJSON(argsSession)
	ctx := context.Background()
	fresh, err := p.Call(ctx, argsCall("probe", cfg, session))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		go func(g int) {
			for i := 0; i < 100; i++ {
				var s *PreparedJSON
				if (g+i)%2 == 0 {
					s = session
				}
				if _, err := p.Call(ctx, argsCall("mutate", cfg, s)); err != nil {
					errs <- err
					return
				}
				got, err := p.Call(ctx, argsCall("probe", cfg, s))
				if err != nil {
					errs <- err
					return
				}
				if got.Body != fresh.Body {
					errs <- fmt.Errorf("probe saw %s, want %s", got.Body, fresh.Body)
					return
				}
			}
			errs <- nil
		}(g)
	}
	for g := 0; g < 8; g++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
