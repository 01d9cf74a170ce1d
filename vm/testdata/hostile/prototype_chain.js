// A prototype chain is walked in Go (not guarded: 300,000 levels use about 10 MiB of stack; see docs/reliability.md).
var o = {};
for (var i = 0; i < 300000; i++) o = Object.create(o);
return String(o.x) + ("x" in o);
