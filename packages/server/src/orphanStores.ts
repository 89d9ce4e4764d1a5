// Stores whose owner workspace does not exist in this server's server.sqlite (a store directory
// copied in by hand, a data directory restored without its server.sqlite) are invisible to
// every key. They are never hidden silently: start-up lists each with the command that gives
// it to a workspace, and adoptions recorded by that command are applied here.
import type { Logger } from "pino";
import type { AuthStore } from "./auth/AuthStore.ts";
import type { StoreAdoptions } from "./auth/StoreAdoptions.ts";
import type { Engine } from "./engine.ts";

export interface OrphanStore {
  storeId: string;
  name: string;
  owner: string | null;
}

/** Applies every recorded adoption (an unknown store's request is dropped with a warning). */
export async function applyAdoptions(engine: Engine, adoptions: StoreAdoptions, logger: Logger | null): Promise<void> {
  for (const a of adoptions.pending()) {
    try {
      await engine.setOwner(a.storeId, a.workspaceId);
      logger?.info({ store: a.storeId, workspace: a.workspaceId }, "store adopted");
    } catch (err) {
      if ((err as { code?: unknown }).code !== "NotFound") throw err;
      logger?.warn({ store: a.storeId }, "adoption dropped: no such store in this data directory");
    }
    adoptions.done(a);
  }
}

/** Every store whose owner is not a workspace here. */
export async function orphanStores(engine: Engine, auth: AuthStore): Promise<OrphanStore[]> {
  const workspaces = new Set(auth.listWorkspaces().map((w) => w.id));
  const out: OrphanStore[] = [];
  let cursor: string | null = null;
  do {
    const page = await engine.listStores({ includeArchived: true, limit: 100, cursor });
    for (const s of page.items) if (s.owner === null || !workspaces.has(s.owner)) out.push({ storeId: s.id, name: s.name, owner: s.owner });
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The start-up line for one orphan, with the exact command that adopts it. */
export function orphanMessage(o: OrphanStore, workspace: string): string {
  return (
    `store ${o.storeId} (${JSON.stringify(o.name)}) belongs to workspace ${o.owner ?? "(none)"}, which does not exist here, ` +
    `so no key can reach it. Give it to a workspace: ./memgit stores adopt ${o.storeId} --workspace ${workspace}`
  );
}
