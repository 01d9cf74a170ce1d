// issue 11 §3: 300,000 nested proxies without traps, then one lookup.
var p = {};
for (var i = 0; i < 300000; i++) p = new Proxy(p, {});
return p.x;
