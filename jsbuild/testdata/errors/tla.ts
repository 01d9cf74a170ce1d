const v = await Promise.resolve(1);
export function f() { return v; }
