// StoreClient over @memgit/engine in-process (no HTTP): for embedding a mount or the memory
// tool next to the engine. Same interface and error codes as httpStoreClient. Calls finish
// or fail in this process, so a write's outcome is always known (CallOptions are not needed).
import { isMemgitError, type Actor, type Memgit, type Memory, type Version } from "@memgit/engine";
import type { MemoryEntry, StoreClient, VersionEntry } from "./StoreClient.ts";
import { StoreClientError, type StoreErrorCode } from "./StoreClientError.ts";

/** The slice of Memgit this client calls (a Memgit instance satisfies it as is). */
export type EngineLike = Pick<
  Memgit,
  "getStore" | "listMemories" | "getMemory" | "createMemory" | "updateMemory" | "deleteMemory" | "getVersion" | "listVersions"
>;

const CODES: Record<string, StoreErrorCode> = {
  NotFound: "not_found",
  PreconditionFailed: "precondition_failed",
  PathConflict: "path_conflict",
  TooLarge: "too_large",
  LimitExceeded: "limit_exceeded",
  StoreArchived: "read_only",
  Closed: "unavailable",
  StoreLocked: "unavailable",
  Corrupt: "unavailable",
};

function fromEngineError(err: unknown): unknown {
  if (!isMemgitError(err)) return err;
  const data = err.data as { field?: string; conflictingPath?: string };
  let code = CODES[err.code] ?? "invalid_request";
  if (err.code === "InvalidInput") code = data.field === "path" ? "invalid_path" : "invalid_request";
  return new StoreClientError(code, err.message, { cause: err, ...(data.conflictingPath !== undefined ? { conflictingPath: data.conflictingPath } : {}) });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw fromEngineError(err);
  }
}

const toEntry = (m: Memory): MemoryEntry => ({
  id: m.id,
  path: m.path,
  sha256: m.sha256,
  size: m.sizeBytes,
  updatedAt: m.updatedAt.toISOString(),
  versionId: m.versionId,
});

const toVersion = (v: Version): VersionEntry => ({ id: v.id, operation: v.operation, sha256: v.sha256, path: v.path, createdAt: v.createdAt.toISOString() });

/** Writes are attributed to `actor` (e.g. a session_actor for an agent's mount). */
export function engineStoreClient(engine: EngineLike, actor: Actor): StoreClient {
  async function* all(storeId: string, q: { pathPrefix?: string; depth?: 0 | 1; view?: "basic" | "full" }) {
    let cursor: string | null = null;
    do {
      const page = await engine.listMemories(storeId, { ...q, limit: q.view === "full" ? 20 : 100, cursor });
      for (const item of page.items) if (item.kind === "memory") yield item;
      cursor = page.nextCursor;
    } while (cursor);
  }
  return {
    store: (storeId) =>
      call(async () => {
        const s = await engine.getStore(storeId);
        return { id: s.id, name: s.name, description: s.description };
      }),
    list: (storeId) =>
      call(async () => {
        const out: MemoryEntry[] = [];
        for await (const m of all(storeId, {})) out.push(toEntry(m));
        return out;
      }),
    listDir: (storeId, dirPrefix) =>
      call(async () => {
        const out: Array<{ entry: MemoryEntry; content: string }> = [];
        for await (const m of all(storeId, { pathPrefix: dirPrefix, depth: 1, view: "full" })) out.push({ entry: toEntry(m), content: m.content ?? "" });
        return out;
      }),
    read: (storeId, memoryId) =>
      call(async () => {
        const m = await engine.getMemory(storeId, memoryId, { view: "full" });
        return { entry: toEntry(m), content: m.content ?? "" };
      }),
    readVersion: (storeId, versionId) =>
      call(async () => {
        const v = await engine.getVersion(storeId, versionId, { view: "full" });
        return v.content !== null && v.sha256 !== null ? { sha256: v.sha256, content: v.content } : null;
      }),
    history: (storeId, memoryId) => call(async () => (await engine.listVersions(storeId, { memoryId, limit: 20 })).items.map(toVersion)),
    create: (storeId, path, content) => call(async () => toEntry((await engine.createMemory(storeId, { path, content, actor })).memory)),
    update: (storeId, memoryId, change, expectedSha) =>
      call(async () =>
        toEntry(
          (
            await engine.updateMemory(storeId, memoryId, {
              ...(change.content !== undefined ? { content: change.content } : {}),
              ...(change.path !== undefined ? { path: change.path } : {}),
              precondition: { contentSha256: expectedSha },
              actor,
            })
          ).memory,
        ),
      ),
    remove: (storeId, memoryId, expectedSha) =>
      call(async () => {
        await engine.deleteMemory(storeId, memoryId, { expectedContentSha256: expectedSha ?? null, actor });
      }),
  };
}
