// The original crasher: Array.prototype.toString -> join -> toString ...
var o = [];
for (var i = 0; i < 300000; i++) o = [o];
return String(o).length;
