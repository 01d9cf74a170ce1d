// The proxy guard throws while building; the partial chain is still used.
var p = {};
try { for (var i = 0; i < 300000; i++) p = new Proxy(p, {get: Reflect.get}) } catch (e) {}
return [p.x, "x" in p, Object.keys(p).length, JSON.stringify(p)].join();
