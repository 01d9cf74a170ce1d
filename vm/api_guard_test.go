package vm

import "testing"

// TestGuardsStopNativeRecursion: every built-in that recurses in Go over
// nested data throws a catchable RangeError past the stack limit instead of
// overflowing the Go stack (a fatal error for the whole process).
func TestGuardsStopNativeRecursion(t *testing.T) {
	t.Parallel()
	p := newTestPool(t, nil, `function f() {
		var o = []; for (var i = 0; i < 20000; i++) { o = [o] }
		var deep = "[".repeat(20000) + "]".repeat(20000);
		var probes = [
			function() { return String(o) },
			function() { return o.join() },
			function() { return o.toLocaleString() },
			function() { return JSON.stringify(o) },
			function() { return JSON.stringify(o, null, 1) },
			function() { return o.flat(Infinity) },
			function() { return JSON.parse(deep) },
			function() { return JSON.parse(deep, function(k, v) { return v }) },
		];
		var out = [];
		probes.forEach(function(p) { try { p(); out.push("ok") } catch (e) { out.push(e.name) } });
		var shallow = [[1, [2]], 3];
		out.push(String(shallow), JSON.stringify(shallow), JSON.stringify(shallow.flat(Infinity)));
		return TykJsResponse({Body: out.join("|"), Code: 200});
	}`)
	resp, err := call(t, p, "f", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "RangeError|RangeError|RangeError|RangeError|RangeError|RangeError|RangeError|RangeError|1,2,3|[[1,[2]],3]|[1,2,3]"
	if resp.Body != want {
		t.Fatalf("got  %s\nwant %s", resp.Body, want)
	}
}
