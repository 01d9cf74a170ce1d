// Lowered syntax: async generators, for await, yield*, whose promise jobs
// change module state. The generators read arguments, so esbuild passes
// arguments to __asyncGenerator: with null (a generator that does not),
// goja's Function.prototype.apply throws (goja v0.0.0-20241024094426), and
// the generator's body would never run.
let total = 0;
const log: string[] = [];

async function* numbers(from: number) {
  yield arguments.length + from;
  await null;
  yield from + 1;
  yield* inner();
  total++;
}

async function* inner(...rest: number[]) {
  yield 10 + arguments.length;
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
