// A class with static state, and a lowered logical assignment, beside a
// CommonJS import (so the bundle has esbuild's helpers).
import format from "cache-pkg";

class Registry {
  static items: string[] = [];
  static count = 0;
  static #secret = 0;
  static add(x: string) {
    Registry.items.push(x);
    Registry.#secret++;
    return ++Registry.count + "/" + Registry.#secret;
  }
}

let last: string | null = null;

export function handler(request: any, session: any, config: any) {
  last ??= String(request.Body);
  const r = Registry.add(String(request.Body));
  return TykJsResponse({ Body: [r, Registry.items.length, last, format("k")].join(" "), Code: 200 }, {});
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
