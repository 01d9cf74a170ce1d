import { total, type Line } from "./lib/money";

interface Req { Body: string }

export function handler(request: Req, session: unknown, config: unknown) {
  const lines: Line[] = JSON.parse(request.Body || "[]");
  return TykJsResponse({ Body: JSON.stringify({ total: total(lines) }), Code: 200 }, {});
}

export function boom(request: Req) {
  throw new Error("boom here");
}

export default {
  async fetch(request: unknown, env: unknown, ctx: unknown) {
    return "workers";
  },
};

declare function TykJsResponse(r: unknown, m: unknown): unknown;
