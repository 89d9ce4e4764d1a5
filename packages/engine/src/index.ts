export * from "./types.ts";
export * from "./errors/index.ts";
