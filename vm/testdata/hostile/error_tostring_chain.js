// Error.prototype.toString converts this.name, the next level.
var o = {};
for (var i = 0; i < 300000; i++) o = {name: o, message: "", toString: Error.prototype.toString};
return String(o).length;
