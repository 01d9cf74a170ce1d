// ES5 code as written for Tyk's otto engine: var, function declarations,
// hoisting, prototypes and arguments.

var prefix = "legacy";

function helper(x) {
  return prefix + ":" + x;
}

function Legacy(name) {
  this.name = name;
}

Legacy.prototype.describe = function () {
  return helper(this.name);
};

function legacy(request, session, config) {
  var types = [];
  for (var i = 0; i < arguments.length; i++) {
    types.push(typeof arguments[i]);
  }
  var obj = new Legacy(hoisted());
  return TykJsResponse({
    Body: JSON.stringify({described: obj.describe(), argument_types: types, later: typeof later}),
    Code: 200,
    Headers: {"Content-Type": "application/json"}
  }, session.meta_data);

  function hoisted() {
    return "hoisted";
  }
}

var later = "defined after the function";
