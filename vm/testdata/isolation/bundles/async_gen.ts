// Lowered syntax: async generators, for await, yield*, whose promise jobs
// change module state after the handler returned.
let total = 0;
const log: string[] = [];

async function* numbers(from: number) {
  yield from;
  await null;
  yield from + 1;
  yield* inner();
  total++;
}

async function* inner() {
  yield 10;
  log.push("inner");
}

async function sum(from: number) {
  for await (const n of numbers(from)) total += n;
  for await (const m of [1, 2]) total += m;
  return total;
}

export function handler(request: any, session: any, config: any) {
  const before = total + "/" + log.length;
  sum(2);
  return TykJsResponse({ Body: before, Code: 200 }, {});
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
