// ES2015+ code, as a current Tyk (goja) runs it: const/let, arrow
// functions, default parameters, template literals, classes, destructuring,
// spread and Map.

const greet = (name = "world") => `hello ${name}`;

class Counter {
  constructor(start) {
    this.n = start;
  }
  inc() {
    return ++this.n;
  }
}

let calls = 0;

function modern(request, session, config) {
  calls += 1;
  const { URL: url, Params: { who: [who] = [] } } = request;
  const c = new Counter(1);
  c.inc();
  const doubled = [1, 2, 3].map((x) => x * 2);
  const [head, ...rest] = doubled;
  const merged = { ...{ k: 1 }, j: 2 };
  const m = new Map([["a", 1]]);
  return TykJsResponse({
    Body: JSON.stringify({ greet: greet(who), greet_default: greet(), count: c.n, head, rest, merged, map: m.get("a"), url, calls }),
    Code: 200,
    Headers: { "Content-Type": "application/json" }
  }, session.meta_data);
}
