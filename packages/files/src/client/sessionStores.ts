// The stores a mount or sync works on: those attached to a session (spec §10.2, mount_path and
// access as the server reports them) or stores named directly.
import type Anthropic from "@anthropic-ai/sdk";
import { slugForName } from "../fuse/slugForName.ts";

export interface AttachedStore {
  id: string;
  name: string;
  slug: string;
  readOnly: boolean;
  /** The session's mount_path when attached through a session. */
  mountPath: string | null;
}

export async function sessionStores(client: Anthropic, sessionId: string): Promise<AttachedStore[]> {
  const session = await client.beta.sessions.retrieve(sessionId);
  const out: AttachedStore[] = [];
  for (const r of session.resources) {
    if (r.type !== "memory_store") continue;
    const mountPath = r.mount_path ?? null;
    const name = r.name ?? r.memory_store_id;
    const fromMount = mountPath ? mountPath.replace(/\/+$/, "").split("/").pop() : undefined;
    out.push({
      id: r.memory_store_id,
      name,
      slug: fromMount || slugForName(name, r.memory_store_id),
      readOnly: r.access === "read_only",
      mountPath,
    });
  }
  return out;
}

export async function namedStores(client: Anthropic, ids: string[], readOnly: boolean): Promise<AttachedStore[]> {
  const out: AttachedStore[] = [];
  for (const id of ids) {
    const s = await client.beta.memoryStores.retrieve(id);
    out.push({ id, name: s.name, slug: slugForName(s.name, id), readOnly, mountPath: null });
  }
  return out;
}
