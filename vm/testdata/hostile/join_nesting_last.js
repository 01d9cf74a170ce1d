// Nesting in the last element, through join with a separator.
var o = [];
for (var i = 0; i < 300000; i++) o = [1, 2, o];
return o.join("-").length;
