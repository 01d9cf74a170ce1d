export type Line = { price: number; qty?: number };

export function total(lines: Line[]): number {
  let sum = 0;
  for (const l of lines) sum += l.price * (l.qty ?? 1);
  return sum;
}
