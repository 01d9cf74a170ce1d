// Array.prototype.toString calls this.join, which is toString.
var a = [1];
a.join = Array.prototype.toString;
return String(a);
