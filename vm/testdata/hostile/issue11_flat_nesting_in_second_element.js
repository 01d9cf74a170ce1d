// issue 11 §3: the nesting is not in the first element.
var o = [];
for (var i = 0; i < 300000; i++) o = [[], o];
return o.flat(Infinity).length;
