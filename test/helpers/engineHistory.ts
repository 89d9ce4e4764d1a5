// Reading a whole store's history through the engine, for tests that compare it before and
// after a rewrite (redaction, pruning, a clone's rebuild).
import type { Memgit, Version } from "../../packages/engine/src/index.ts";

/** Every version, newest first, with its content (view "full"). */
export async function allVersions(mg: Memgit, storeId: string): Promise<Version[]> {
  const out: Version[] = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await mg.listVersions(storeId, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const v of page.items) out.push(await mg.getVersion(storeId, v.id, { view: "full" }));
    if (!(cursor = page.nextCursor)) return out;
  }
}
