// flat(Infinity) over a cycle runs in passes until the deadline.
var a = [1];
a.push(a);
return a.flat(Infinity).length;
