// Index reads with numeric loop counters (restored), beside a counter that
// a request turns into a property name (a new runtime).
var rows = 0;
function handler(request, session, config) {
	var items = JSON.parse('[{"n": 1}, {"n": 2}, {"n": 3}]'), out = [];
	for (var i = 0; i < items.length; i++) {
		items[i].n += rows;
		out.push(items[i]);
	}
	var last = items.length - 1;
	out.push(items[last], items[Math.floor(last / 2)]);
	rows++;
	var j = 0, holder = {};
	if (request.Body !== "x") j = request.Body;
	try { holder[j].numLeak = (holder[j].numLeak || 0) + 1; out.push(holder[j].numLeak) } catch (e) { out.push(e.name) }
	return TykJsResponse({Body: JSON.stringify(out), Code: 200}, session.meta_data);
}
