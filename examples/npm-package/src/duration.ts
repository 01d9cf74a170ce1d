import ms from "ms";

/** A parsed duration: the text as given and its length in milliseconds. */
export interface Duration {
  text: string;
  ms: number;
  long: string;
}

/** parseDuration reads "90s", "2 days", "1.5h" …, and throws on anything else. */
export function parseDuration(text: string): Duration {
  const n = ms(text);
  if (typeof n !== "number" || Number.isNaN(n)) {
    throw new TypeError(`not a duration: ${JSON.stringify(text)}`);
  }
  return { text, ms: n, long: ms(n, { long: true }) };
}
