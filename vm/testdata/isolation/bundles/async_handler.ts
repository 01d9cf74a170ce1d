// An async handler (awaited by the event loop) that drains a lowered async
// generator over module state and a CommonJS package's cache. The
// generator reads arguments (see async_gen.ts).
import format from "cache-pkg";

const cache = new Map<string, number>();
let runs = 0;

async function* pages(key: string) {
  for (let i = 0; i < arguments.length + 2; i++) {
    await null;
    cache.set(key, (cache.get(key) ?? 0) + 1);
    yield format(key + i);
  }
  runs++;
}

export async function handler(request: any, session: any, config: any) {
  const got: string[] = [];
  for await (const p of pages(String(request.Body))) got.push(p);
  return TykJsResponse({ Body: [runs, cache.size, ...got].join(" | "), Code: 200 }, {});
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
