// An own key deleted (through an alias) before it is read: the read then
// finds the prototype's property.
function drop(x, k) { delete x[k]; }
function handler(request, session, config) {
	var o = JSON.parse('{"constructor": 1, "toString": 2}');
	var obs = [];
	for (const k in o) {
		drop(o, k);
		obs.push(typeof o[k].deletedLeak);
		o[k].deletedLeak = 1;
	}
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200}, session.meta_data);
}
