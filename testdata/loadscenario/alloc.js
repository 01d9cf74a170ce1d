// /alloc: a memory-bound runaway that keeps allocating live objects until its
// endpoint timeout interrupts it (500 ms in api.json).
function alloc(request, session, config) {
  var keep = [];
  while (true) {
    keep.push({i: keep.length, s: "item-" + keep.length, a: [1, 2, 3]});
  }
}
