// Reflect traps forward to the next proxy, and goja checks each ownKeys result against the target, which walks the rest of the chain again: the work doubles per proxy (found by the generator, seed 7).
var o = [];
try { for (var i = 0; i < 50; i++) o = new Proxy(o, {ownKeys: Reflect.ownKeys, getOwnPropertyDescriptor: Reflect.getOwnPropertyDescriptor}) } catch (e) {}
return Object.keys(Object.assign({}, o)).length;
