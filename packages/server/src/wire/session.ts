// Session wire shapes (spec §10.2). memgit serves only the memory slice of sessions; the
// other fields carry the SDK's types with empty values so typed clients can read them.
import type { AttachedStore, Session } from "../auth/SessionStore.ts";

/** Spec §10.3: lowercase, runs of non-ASCII-alphanumerics → "-", trimmed; empty → store id. */
export function mountSlug(name: string, storeId: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug === "" ? storeId : slug;
}

export const MOUNT_ROOT = "/mnt/memory/";

export const attachedStoreToWire = (r: AttachedStore) => ({
  type: "memory_store",
  memory_store_id: r.memoryStoreId,
  access: r.access,
  instructions: r.instructions,
  name: r.name,
  description: r.description,
  mount_path: r.mountPath,
});

export function sessionToWire(s: Session) {
  const at = s.createdAt.toISOString();
  return {
    type: "session",
    id: s.id,
    title: s.title,
    status: "idle",
    agent: {
      type: "agent",
      id: s.agentId ?? "",
      name: "",
      description: null,
      execution_identity: null,
      mcp_servers: [],
      model: { id: "" },
      multiagent: null,
      skills: [],
      system: null,
      tools: [],
      version: 0,
    },
    environment_id: s.environmentId ?? "",
    metadata: s.metadata,
    resources: s.resources.map(attachedStoreToWire),
    vault_ids: [],
    budget: null,
    outcome_evaluations: [],
    stats: {},
    usage: {},
    archived_at: null,
    created_at: at,
    updated_at: at,
  };
}

/** Spec §11: the note an agent runner adds to the system prompt. Wording is ours. */
export function memoryPrompt(s: Session): string {
  if (s.resources.length === 0) return "";
  const lines = [
    "# Memory",
    "Persistent memory stores are mounted as directories. Files you write under a store's",
    "directory are saved and visible to future sessions; writes anywhere else under",
    `${MOUNT_ROOT} fail.`,
  ];
  for (const r of s.resources) {
    lines.push(`- "${r.name}" at ${r.mountPath} (${r.access})${r.description ? `: ${r.description}` : ""}`);
    if (r.instructions) lines.push(`  Instructions: ${r.instructions}`);
  }
  return lines.join("\n") + "\n";
}
