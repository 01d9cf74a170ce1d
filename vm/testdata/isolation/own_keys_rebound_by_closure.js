// The object and the key of a for-in are rebound by closures declared
// outside the loop body, and by a nested loop reusing the var.
function handler(request, session, config) {
	var obs = [];
	var o = JSON.parse('{"constructor": 1}');
	function swap() { o = {}; }
	for (var k in o) {
		swap();
		obs.push(typeof o[k].rebound1);
		o[k].rebound1 = 1;
	}
	var p = {__proto__: null, a: 1}, q = JSON.parse('{"__proto__": 2}');
	for (var i in p) {
		for (var i in q) {}
		obs.push(typeof p[i]);
	}
	var r = JSON.parse('{"x": 1}'), key;
	function pick() { key = "constructor"; }
	for (key in r) { pick(); obs.push(typeof r[key].rebound2); r[key].rebound2 = 1; }
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200}, session.meta_data);
}
