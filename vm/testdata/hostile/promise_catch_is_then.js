// Promise.prototype.catch invokes this.then.
var o = {};
o.then = Promise.prototype.catch;
return o.then();
