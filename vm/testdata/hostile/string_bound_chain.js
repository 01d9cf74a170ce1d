// A bound String converts the next level: constructor and bound function only.
var o = {};
for (var i = 0; i < 100000; i++) o = {toString: String.bind(null, o)};
return String(o).length;
