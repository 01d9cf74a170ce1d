// A TypeScript module whose handler throws from a helper in another file.
import { check } from "./lib/check";

type Order = { id: string };

export function orders(request: { Body: string }, session: unknown, config: unknown) {
  const order: Order = { id: "" };
  check(order.id);
  return null;
}
