// The reviver grafts deep data onto a sibling not visited yet.
var o = [];
for (var i = 0; i < 300000; i++) o = [o];
return JSON.stringify(JSON.parse("[1,2]", function (k, v) { if (k === "0") this[1] = o; return v })).length;
