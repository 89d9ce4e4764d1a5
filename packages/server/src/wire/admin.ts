// Wire shapes of memgit's own admin extension (workspaces and API keys); not part of the
// Anthropic API, so the names follow its conventions without claiming compatibility.
import type { ApiKey, Workspace } from "../auth/AuthStore.ts";

export const workspaceToWire = (w: Workspace) => ({
  type: "workspace",
  id: w.id,
  name: w.name,
  root: w.root,
  created_at: w.createdAt.toISOString(),
});

export const apiKeyToWire = (k: ApiKey) => ({
  type: "api_key",
  id: k.id,
  workspace_id: k.workspaceId,
  role: k.role,
  hint: k.hint,
  created_at: k.createdAt.toISOString(),
  revoked_at: k.revokedAt === null ? null : k.revokedAt.toISOString(),
});
