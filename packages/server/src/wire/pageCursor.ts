// `page_` cursors (spec §3): base64url of the engine's opaque cursor plus what the cursor
// was issued for, so that a cursor replayed against another list, store or filter set is
// refused with a 400 instead of silently paging through something else.
import { createHash } from "node:crypto";
import { invalidRequest } from "../errors.ts";

export type ListKind = "stores" | "memories" | "versions" | "sessions" | "diff" | "checkpoints" | "search";

/** Everything that shapes the result set; limit and view only shape the page. */
export type Scope = Record<string, string | number | boolean | undefined>;

export function scopeHash(kind: ListKind, scope: Scope): string {
  const canonical = Object.keys(scope)
    .filter((k) => scope[k] !== undefined)
    .sort()
    .map((k) => [k, scope[k]]);
  return createHash("sha256").update(JSON.stringify([kind, canonical])).digest("base64url").slice(0, 16);
}

export function encodePage(kind: ListKind, scope: Scope, engineCursor: string | null): string | null {
  if (engineCursor === null) return null;
  const payload = JSON.stringify({ h: scopeHash(kind, scope), c: engineCursor });
  return `page_${Buffer.from(payload, "utf8").toString("base64url")}`;
}

/** The engine cursor inside a `page` value, or null when no page was asked for. */
export function decodePage(kind: ListKind, scope: Scope, page: string | undefined): string | null {
  if (page === undefined) return null;
  const bad = () => invalidRequest("page: invalid or expired cursor for this list");
  if (!page.startsWith("page_") || !/^[A-Za-z0-9_-]+$/.test(page.slice(5))) throw bad();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(page.slice(5), "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  const { h, c } = (payload ?? {}) as { h?: unknown; c?: unknown };
  if (h !== scopeHash(kind, scope) || typeof c !== "string") throw bad();
  return c;
}
