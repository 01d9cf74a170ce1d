// Re-exports a CommonJS package (esbuild: __reExport) and an ES module
// that is also required (esbuild: __toCommonJS).
export * from "counter-pkg";
export const local = { n: 0 };
