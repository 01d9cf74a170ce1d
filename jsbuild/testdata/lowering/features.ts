// Syntax goja lacks, lowered by the build, and syntax it has, kept.
class Counter {
  #n = 0;
  static created = 0;
  step = 1;
  inc(): number {
    this.#n += this.step;
    return this.#n;
  }
}

async function* numbers() {
  yield 1;
  yield 2;
}

export async function sum(): Promise<number> {
  let total = 0;
  for await (const n of numbers()) total += n;
  return total;
}

export function features(request: any, session: any, config: any) {
  let a: number | null = null;
  a ??= 40;
  let b = 0;
  b ||= 2;
  const c = new Counter();
  c.inc();
  const o = { deep: { v: a + b } };
  return TykJsResponse({ Body: String((o?.deep?.v ?? 0) + c.inc() - 1), Code: 200 }, {});
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
