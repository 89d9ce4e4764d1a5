// Wire shape of a backup remote (memgit extension, docs/api-extensions.md §Backup remotes).
// The URL is shown with its password masked: a credential goes in, never out.
import type { RemoteStatus } from "../backup/Backups.ts";
import { shownUrl } from "../backup/remoteTarget.ts";

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export const remoteToWire = (r: RemoteStatus) => ({
  type: "memory_store_remote",
  memory_store_id: r.storeId,
  name: r.name,
  url: shownUrl(r.target),
  created_at: r.createdAt.toISOString(),
  state: r.state,
  versions_behind: r.versionsBehind,
  last_success_at: iso(r.lastSuccessAt),
  last_error_at: iso(r.lastErrorAt),
  last_error: r.lastError,
});

export const remoteTombstone = (storeId: string, name: string) => ({ type: "memory_store_remote_deleted", memory_store_id: storeId, name });
