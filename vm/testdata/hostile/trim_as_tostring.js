// String.prototype.trim converts this with ToString, which calls trim again: endless Go recursion.
var o = {toString: String.prototype.trim};
return String(o);
