// Object.prototype.toLocaleString calls this.toString.
var o = {toString: Object.prototype.toLocaleString};
return "" + o;
