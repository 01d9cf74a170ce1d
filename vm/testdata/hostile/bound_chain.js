// Each bound function calls its target in Go.
var f = function () { return 1 };
// (the name is reset at each level: "bound bound …" would make the build quadratic)
for (var i = 0; i < 100000; i++) { f = f.bind(null); Object.defineProperty(f, "name", {value: ""}) }
return f();
