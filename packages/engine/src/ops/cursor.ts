// Engine cursors are keyset positions, opaque to callers (the server wraps them again).
import { InvalidInputError } from "../errors/index.ts";

export function encodeCursor(kind: string, ...parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify([kind, ...parts])).toString("base64url");
}

/** Decodes a cursor of `kind` whose parts have the types in `shape` ("s" string, "n" number). */
export function decodeCursor(cursor: string, kind: string, shape: string): Array<string | number> {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parts = null;
  }
  const ok =
    Array.isArray(parts) &&
    parts[0] === kind &&
    parts.length === shape.length + 1 &&
    [...shape].every((t, i) => typeof parts[i + 1] === (t === "s" ? "string" : "number"));
  if (!ok) throw new InvalidInputError("page", "must be a cursor returned by this listing");
  return (parts as Array<string | number>).slice(1);
}
