export function check(id: string): void {
  if (id === "") {
    throw new Error("boom here");
  }
}
