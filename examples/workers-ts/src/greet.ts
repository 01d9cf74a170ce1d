/** greet builds the greeting the handler answers. */
export function greet(greeting: string, name: string): string {
  return `${greeting}, ${name}!`;
}
