// Credentials verified since server.sqlite last changed (docs/decisions/0081). Without it every
// request hashed its secret and ran the key lookup, and a session token also failed the key
// lookup first and prepared two statements. A cached answer holds only while nothing in the file
// changed: a commit by another process (the CLI revoking a key) moves SQLite's `data_version`,
// one by this connection (admin routes, sessions) moves `total_changes()`; either empties the
// cache, so a revoked key or a deleted session still fails on its very next request.
import type Database from "better-sqlite3";
import { hashSecret } from "../ids.ts";
import { changeToken } from "./dbChanges.ts";
import type { Principal } from "./principal.ts";

/** Past this many verified credentials the cache starts over (a bound, not an eviction policy). */
export const MAX_CACHED_CREDENTIALS = 10_000;

export type Resolve = (secret: string) => Principal | null;

/** Wraps `resolve` (keys, then session tokens) with the cache; `db` is the file both read. */
export function cachedCredentials(db: Database.Database, resolve: Resolve): Resolve {
  const changes = changeToken(db);
  // Keyed by the secret's SHA-256, so the cache holds no secret.
  const verified = new Map<string, Principal>();
  let seen = "";
  return (secret) => {
    const now = changes();
    if (now !== seen) {
      verified.clear();
      seen = now;
    }
    const key = hashSecret(secret);
    const hit = verified.get(key);
    if (hit) return hit;
    // Unknown secrets are not remembered: a flood of made-up keys must not fill memory.
    const principal = resolve(secret);
    if (principal) {
      if (verified.size >= MAX_CACHED_CREDENTIALS) verified.clear();
      verified.set(key, principal);
    }
    return principal;
  };
}
