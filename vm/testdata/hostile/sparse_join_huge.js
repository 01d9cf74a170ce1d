// A huge sparse array: bounded by the deadline, not by the stack.
var a = [];
a[1e6] = [a];
a[5e5] = {toString: Array.prototype.join, length: 1e6};
return a.join().length;
