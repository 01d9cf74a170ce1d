// A prototype chain is walked in Go, and is not guarded (see docs/reliability.md): 100,000 levels
// take about 5 MiB of stack (more under -race); 700,000 exhaust this 32 MiB child.
var o = {};
for (var i = 0; i < 100000; i++) o = Object.create(o);
return String(o.x) + ("x" in o);
