// /spin: a CPU-bound runaway that loops until its endpoint timeout
// interrupts it (100 ms in api.json).
function spin(request, session, config) {
  while (true) {}
}
