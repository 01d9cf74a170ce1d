// The replacer returns a deeper object at every level.
return JSON.stringify({}, function (k, v) { return typeof v === "object" ? {a: {}} : v }).length;
