// Traps are looked up on the handler, itself a proxy chain.
var h = {};
try { for (var i = 0; i < 300000; i++) h = new Proxy({}, h) } catch (e) {}
return new Proxy({}, h).x;
