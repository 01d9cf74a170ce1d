// toJSON builds the nesting while JSON.stringify (property list, goja fallback) walks it.
function D(n) { this.n = n }
D.prototype.toJSON = function () { return {d: new D(this.n + 1)} };
return JSON.stringify(new D(0), ["d"]).length;
