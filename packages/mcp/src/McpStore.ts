// The stores one MCP server serves: a session's attachments (with their access) or stores
// named by id, read-only when the session, the key or the caller says so.
import type Anthropic from "@anthropic-ai/sdk";
import { namedStores, sessionStores, slugForName } from "@memgit/files";

export interface McpStore {
  id: string;
  name: string;
  /** A short name for the store, unique among the served ones (the mount's directory name). */
  slug: string;
  readOnly: boolean;
}

export type StoreSelection =
  | { session: string; readOnly?: boolean }
  | { stores: string[]; readOnly?: boolean }
  /** Every unarchived store the credential sees (an API key at /mcp without `store`). */
  | { all: true; readOnly?: boolean };

export async function resolveStores(sdk: Anthropic, selection: StoreSelection): Promise<McpStore[]> {
  const forced = selection.readOnly ?? false;
  let stores: McpStore[];
  if ("session" in selection) stores = await sessionStores(sdk, selection.session);
  else if ("stores" in selection) stores = await namedStores(sdk, selection.stores, false);
  else {
    stores = [];
    for await (const s of sdk.beta.memoryStores.list({ limit: 100 })) stores.push({ id: s.id, name: s.name, slug: slugForName(s.name, s.id), readOnly: false });
  }
  const seen = new Set<string>();
  return stores.map((s) => {
    // Two stores of the same name: the second answers to its id only.
    const slug = seen.has(s.slug) ? s.id : s.slug;
    seen.add(slug);
    return { id: s.id, name: s.name, slug, readOnly: forced || s.readOnly };
  });
}
