// StoreClient over HTTP with the official SDK (`client.beta.memoryStores.*`), so the adapters
// work against memgit or any other wire-compatible server.
import Anthropic from "@anthropic-ai/sdk";
import type { CallOptions, MemoryEntry, StoreClient, VersionEntry } from "./StoreClient.ts";
import { StoreClientError } from "./StoreClientError.ts";
import { MAX_CONTENT_BYTES } from "./limits.ts";

export interface HttpStoreClientOptions {
  /** Server base URL, e.g. http://127.0.0.1:8787 */
  baseURL: string;
  /** API key or session token (sent as a bearer token). */
  apiKey: string;
  /** SDK retries for transient failures (5xx, network); deterministic 4xx are never retried. */
  maxRetries?: number;
}

type SdkMemory = Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory;
type SdkVersion = Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryVersion;

function toEntry(m: SdkMemory): MemoryEntry {
  return { id: m.id, path: m.path, sha256: m.content_sha256, size: m.content_size_bytes, updatedAt: m.updated_at, versionId: m.memory_version_id };
}

function toVersion(v: SdkVersion): VersionEntry {
  return { id: v.id, operation: v.operation, sha256: v.content_sha256 ?? null, path: v.path ?? null, createdAt: v.created_at };
}

// Failures that happen before a request leaves this machine: the server cannot have seen it.
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function neverSent(err: Error): boolean {
  for (let c: unknown = err.cause; c instanceof Error; c = c.cause) {
    if (NEVER_SENT.has((c as { code?: string }).code ?? "")) return true;
  }
  return false;
}

/** Translates an SDK failure into a StoreClientError with a stable code. */
export function fromSdkError(err: unknown): unknown {
  if (err instanceof StoreClientError) return err;
  // An abort (the caller's deadline) or a timeout drops the connection after the request may have left.
  if (err instanceof Anthropic.APIConnectionTimeoutError || err instanceof Anthropic.APIUserAbortError)
    return new StoreClientError("timeout", "no answer from the server before the deadline", { cause: err, maybeApplied: true });
  if (err instanceof Anthropic.APIConnectionError)
    return new StoreClientError("unavailable", err.message, { cause: err, maybeApplied: !neverSent(err) });
  if (!(err instanceof Anthropic.APIError)) return err;
  const body = (err.error as { error?: { type?: string; conflicting_path?: string } } | undefined)?.error;
  const type = body?.type ?? err.type ?? "";
  const msg = err.apiMessage ?? err.message;
  const status = err.status;
  const base = { cause: err, ...(status !== undefined ? { status } : {}) };
  switch (status) {
    case 404:
      return new StoreClientError("not_found", msg, base);
    case 409:
    case 412:
      if (type === "memory_path_conflict_error")
        return new StoreClientError("path_conflict", msg, { ...base, conflictingPath: body?.conflicting_path ?? "" });
      return new StoreClientError("precondition_failed", msg, base);
    case 413:
      return new StoreClientError("too_large", msg, base);
    case 401:
      return new StoreClientError("unauthenticated", msg, base);
    case 403:
      return new StoreClientError("permission_denied", msg, base);
    case 400:
    case 422:
      return new StoreClientError(classify400(msg), msg, base);
    default:
      // A 5xx came after the server received the request: it may have written before failing.
      return new StoreClientError("unavailable", msg, { ...base, maybeApplied: status === undefined || status >= 500 });
  }
}

// Messages are not contractual; callers pre-check size, path and UTF-8 (limits.ts), so a 400
// that still arrives is usually a cap. Anything unrecognised stays `invalid_request`.
function classify400(msg: string): "limit_exceeded" | "too_large" | "invalid_path" | "invalid_request" {
  const m = msg.toLowerCase();
  if (/\blimit\b|\bcap\b|maximum number|too many|at most \d+ memories|storage/.test(m)) return "limit_exceeded";
  if (m.includes(String(MAX_CONTENT_BYTES)) || m.includes("too large")) return "too_large";
  if (m.includes("path")) return "invalid_path";
  return "invalid_request";
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw fromSdkError(err);
  }
}

/** The SDK client a StoreClient would use; exported for sessions and sync, which need more routes. */
export function sdkClient(opts: HttpStoreClientOptions): Anthropic {
  return new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: opts.maxRetries ?? 2 });
}

/** SDK request options for one call. */
function req(opts: CallOptions | undefined): { signal?: AbortSignal; maxRetries?: number } {
  return { ...(opts?.signal ? { signal: opts.signal } : {}), ...(opts?.retry === false ? { maxRetries: 0 } : {}) };
}

export function httpStoreClient(opts: HttpStoreClientOptions | Anthropic): StoreClient {
  const sdk = opts instanceof Anthropic ? opts : sdkClient(opts);
  const memories = sdk.beta.memoryStores.memories;
  const versions = sdk.beta.memoryStores.memoryVersions;
  return {
    store: (storeId, o) =>
      call(async () => {
        const s = await sdk.beta.memoryStores.retrieve(storeId, {}, req(o));
        return { id: s.id, name: s.name, description: s.description ?? "" };
      }),
    list: (storeId, o) =>
      call(async () => {
        const out: MemoryEntry[] = [];
        for await (const item of memories.list(storeId, { view: "basic", limit: 100 }, req(o))) {
          if (item.type === "memory") out.push(toEntry(item));
        }
        return out;
      }),
    listDir: (storeId, dirPrefix, o) =>
      call(async () => {
        const out: Array<{ entry: MemoryEntry; content: string }> = [];
        const pages = memories.list(storeId, { view: "full", depth: 1, path_prefix: dirPrefix, limit: 20 }, req(o));
        for await (const item of pages) {
          if (item.type === "memory") out.push({ entry: toEntry(item), content: item.content ?? "" });
        }
        return out;
      }),
    read: (storeId, memoryId, o) =>
      call(async () => {
        const m = await memories.retrieve(memoryId, { memory_store_id: storeId, view: "full" }, req(o));
        return { entry: toEntry(m), content: m.content ?? "" };
      }),
    readVersion: (storeId, versionId, o) =>
      call(async () => {
        const v = await versions.retrieve(versionId, { memory_store_id: storeId, view: "full" }, req(o));
        return typeof v.content === "string" && v.content_sha256 ? { sha256: v.content_sha256, content: v.content } : null;
      }),
    latestVersions: (storeId, limit, o) =>
      call(async () => {
        const page = await versions.list(storeId, { limit }, req(o));
        return page.data.map(toVersion);
      }),
    history: (storeId, memoryId, o) =>
      call(async () => {
        const page = await versions.list(storeId, { memory_id: memoryId, limit: 20 }, req(o));
        return page.data.map(toVersion);
      }),
    create: (storeId, path, content, o) => call(async () => toEntry(await memories.create(storeId, { path, content }, req(o)))),
    update: (storeId, memoryId, change, expectedSha, o) =>
      call(async () =>
        toEntry(
          await memories.update(
            memoryId,
            {
              memory_store_id: storeId,
              ...(change.content !== undefined ? { content: change.content } : {}),
              ...(change.path !== undefined ? { path: change.path } : {}),
              precondition: { type: "content_sha256", content_sha256: expectedSha },
            },
            req(o),
          ),
        ),
      ),
    remove: (storeId, memoryId, expectedSha, o) =>
      call(async () => {
        await memories.delete(
          memoryId,
          { memory_store_id: storeId, ...(expectedSha ? { expected_content_sha256: expectedSha } : {}) },
          req(o),
        );
      }),
  };
}
