// Tests of the orders API written as code: the same API as
// orders.test.yaml, with table tests, a helper and assertions.
api("orders.json");

const ORDERS = "http://orders.upstream.test/orders/";

test("summary adds up the items", (t) => {
  t.upstream({method: "GET", url: ORDERS + "42", json: {id: 42, items: [{price: 5, qty: 2}, {price: 1.5, qty: 4}]}});
  const res = t.request({path: "/orders/summary/42"});
  t.equal(res.status, 200);
  t.match(res.headers.get("content-type"), /json/);
  t.deepEqual(res.json(), {id: 42, items: 2, total: 16});
});

// A table: one test per row, each with its own stub.
const cases = [
  {name: "empty order", items: [], want: {items: 0, total: 0}},
  {name: "one item", items: [{price: 2.5, qty: 1}], want: {items: 1, total: 2.5}},
  {name: "many of one", items: [{price: 3, qty: 7}], want: {items: 1, total: 21}},
];
for (const c of cases) {
  test("summary: " + c.name, (t) => {
    t.upstream({url: ORDERS + "7", json: {id: 7, items: c.items}});
    const body = t.request("/orders/summary/7").json();
    t.deepEqual(body, {id: 7, ...c.want});
  });
}

test("unknown order is a 404", (t) => {
  t.upstream({url: ORDERS + "*", status: 404, body: "not found"});
  const res = t.request({path: "/orders/summary/7"});
  // the YAML expectations work here too
  t.expect(res, {status: 404, json_subset: {error: "no such order"}});
});

test("other paths go to the upstream", (t) => {
  t.upstream({url: "http://orders.upstream.test/api/health?verbose=1", body: "healthy"});
  const res = t.request({path: "/orders/health", query: {verbose: 1}});
  t.equal(res.status, 200);
  t.equal(res.text(), "healthy");
});

test("session meta is written back", (t) => {
  t.session({meta_data: {touched: 2, plan: "gold"}});
  t.equal(t.request({method: "POST", path: "/orders/touch"}).status, 200);
  t.deepEqual(t.sessionMeta(), {touched: 3, plan: "gold"});
});
