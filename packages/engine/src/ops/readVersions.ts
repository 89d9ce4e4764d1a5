import type { VersionRow } from "../catalog/catalog.ts";
import { InvalidInputError, NotFoundError } from "../errors/index.ts";
import type { Store } from "../store/Store.ts";
import type { ListVersionsQuery, Page, Version, View } from "../types.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { validateLimit, validateView } from "./readMemories.ts";
import { versionFromRow } from "./shapes.ts";

const ACTOR_FILTERS = [
  ["sessionId", "session_actor"],
  ["apiKeyId", "api_actor"],
  ["userId", "user_actor"],
  ["serviceAccountId", "service_account_actor"],
] as const;

function validDate(d: unknown, field: string): number | undefined {
  if (d === undefined || d === null) return undefined;
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new InvalidInputError(field, "must be an RFC 3339 timestamp");
  return d.getTime();
}

/** Newest first; a filter value that matches nothing gives an empty page, not an error. */
export async function listVersions(store: Store, q: ListVersionsQuery): Promise<Page<Version>> {
  const view = validateView(q.view, "basic");
  const limit = validateLimit(q.limit);
  if (q.operation !== undefined && !["created", "modified", "deleted"].includes(q.operation))
    throw new InvalidInputError("operation", "must be one of created, modified, deleted");
  const actors = ACTOR_FILTERS.filter(([k]) => q[k] !== undefined);
  if (actors.length > 1) throw new InvalidInputError(actors[1]![0], "only one actor filter may be given");
  const before = q.cursor ? (decodeCursor(q.cursor, "v", "n")[0] as number) : null;
  const rows = store.catalog.versions(
    {
      memoryId: q.memoryId,
      operation: q.operation,
      actorType: actors[0]?.[1],
      actorId: actors[0] ? q[actors[0][0]] : undefined,
      createdAtGte: validDate(q.createdAtGte, "created_at[gte]"),
      createdAtLte: validDate(q.createdAtLte, "created_at[lte]"),
    },
    before,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const items = await Promise.all(page.map((r) => toVersion(store, r, view)));
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor("v", last.created_at) : null };
}

export async function getVersion(store: Store, versionId: string, view: View = "full"): Promise<Version> {
  const row = store.catalog.version(versionId);
  if (!row) throw new NotFoundError("version", versionId);
  return toVersion(store, row, validateView(view, "full"));
}

async function toVersion(store: Store, row: VersionRow, view: View): Promise<Version> {
  const wantContent = view === "full" && row.redacted_at === null && row.blob_oid !== null;
  const content = wantContent ? await store.readText(row.blob_oid!) : null;
  return versionFromRow(store.id, row, view, content);
}

