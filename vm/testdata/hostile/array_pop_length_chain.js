// Every generic Array method converts this.length, whose valueOf is pop on the next level.
var o = {};
for (var i = 0; i < 300000; i++) o = {length: o, valueOf: Array.prototype.pop};
return Array.prototype.pop.call({length: o});
