// The mount's calls to one store, each bounded by the request deadline and aborted for real
// when it passes. Writes keep one promise: a write the caller is told failed is never applied.
// So a write is sent only to a server that has answered during the same operation (else a
// probe goes first, and a silent server fails the operation before anything is sent), and a
// write whose outcome is unknown is settled before the caller hears anything.
// docs/decisions/0023-mount-writes-keep-their-word.md.
import { createHash } from "node:crypto";
import type { CallOptions, MemoryEntry, StoreClient, VersionEntry } from "../client/StoreClient.ts";
import { StoreClientError } from "../client/StoreClientError.ts";

/** What an unknown outcome turned out to be: applied (with its result), not applied, or still unknown. */
type Learned<T> = { applied: T } | "not_applied" | "unknown";

/** Answered 5xx in a row after which the store's state is taken as final (nothing left in flight). */
const SERVER_FAILURES_BEFORE_FINAL = 3;
const MAX_PAUSE_MS = 5000;

export class StoreCalls {
  readonly #id: string;
  readonly #client: StoreClient;
  readonly #deadlineMs: number;
  readonly #notice: (message: string) => void;
  readonly #abandoned = new AbortController();
  /** The server answered since the current write operation began. */
  #live = false;
  /**
   * The versions this mount's writes made, oldest first (null: one whose id is unknown, a
   * delete's). StoreView empties it when it lists the store.
   */
  readonly written: Array<string | null> = [];

  constructor(id: string, client: StoreClient, opts: { deadlineMs: number; notice: (message: string) => void }) {
    this.#id = id;
    this.#client = client;
    this.#deadlineMs = opts.deadlineMs;
    this.#notice = opts.notice;
  }

  /** A write operation starts (the store's lock is held): its writes need a fresh answer first. */
  beginWrite(): void {
    this.#live = false;
  }

  /** Ends the settling of writes still in doubt (unmount past its grace): they fail with EIO. */
  abandon(): void {
    this.#abandoned.abort();
  }

  // ---- reads -----------------------------------------------------------------------------

  list(): Promise<MemoryEntry[]> {
    return this.#call((o) => this.#client.list(this.#id, o));
  }

  /** Null when the client cannot list a directory with content. */
  listDir(prefix: string): Promise<Array<{ entry: MemoryEntry; content: string }>> | null {
    const { listDir } = this.#client;
    return listDir ? this.#call((o) => listDir.call(this.#client, this.#id, prefix, o)) : null;
  }

  read(memoryId: string): Promise<{ entry: MemoryEntry; content: string }> {
    return this.#call((o) => this.#client.read(this.#id, memoryId, o));
  }

  /** One version's content; null when the client cannot read versions or the version has none. */
  async readVersion(versionId: string): Promise<{ sha256: string; content: string } | null> {
    const { readVersion } = this.#client;
    return readVersion ? this.#call((o) => readVersion.call(this.#client, this.#id, versionId, o)) : null;
  }

  /** Null when the client cannot list the store's newest versions. */
  latestVersions(limit: number): Promise<VersionEntry[]> | null {
    const { latestVersions } = this.#client;
    return latestVersions ? this.#call((o) => latestVersions.call(this.#client, this.#id, limit, o)) : null;
  }

  async #history(memoryId: string): Promise<VersionEntry[]> {
    const { history } = this.#client;
    return history ? this.#call((o) => history.call(this.#client, this.#id, memoryId, o)) : [];
  }

  // ---- writes ----------------------------------------------------------------------------

  create(path: string, content: string): Promise<MemoryEntry> {
    const sha = sha256(content);
    return this.#wrote(this.#write(`creating ${path}`, (o) => this.#client.create(this.#id, path, content, o), async () => {
      // Ours, or the same bytes written there by someone else: either way the file is as asked.
      const there = (await this.list()).find((e) => e.path === path);
      return there && there.sha256 === sha ? { applied: there } : "not_applied";
    }));
  }

  update(memoryId: string, change: { content?: string; path?: string }, expectedSha: string, what: string): Promise<MemoryEntry> {
    const wantSha = change.content === undefined ? expectedSha : sha256(change.content);
    const ours = (state: { sha256: string | null; path: string | null }) =>
      state.sha256 === wantSha && (change.path === undefined || state.path === change.path);
    return this.#wrote(this.#write(`writing ${what}`, (o) => this.#client.update(this.#id, memoryId, change, expectedSha, o), async () => {
      const current = await this.read(memoryId).then(
        (r) => r.entry,
        (err: unknown) => {
          if (err instanceof StoreClientError && err.code === "not_found") return null;
          throw err;
        },
      );
      if (current && ours(current)) return { applied: current };
      // Changed or deleted by someone else since: was ours written before that? Newest first,
      // down to the state ours was conditional on.
      for (const v of await this.#history(memoryId)) {
        if (v.operation === "modified" && ours(v)) {
          const size = change.content === undefined ? (current?.size ?? 0) : Buffer.byteLength(change.content);
          return { applied: { id: memoryId, path: v.path!, sha256: v.sha256!, size, updatedAt: v.createdAt, versionId: v.id } };
        }
        if (v.sha256 === expectedSha) break;
      }
      return "not_applied";
    }));
  }

  remove(memoryId: string, expectedSha: string, what: string): Promise<void> {
    const removed = this.#write(`deleting ${what}`, (o) => this.#client.remove(this.#id, memoryId, expectedSha, o), async () => {
      try {
        await this.read(memoryId);
        return "not_applied";
      } catch (err) {
        if (err instanceof StoreClientError && err.code === "not_found") return { applied: undefined };
        throw err;
      }
    });
    return removed.then(() => void this.written.push(null));
  }

  /** Notes the version a create or update made (or returned, when it changed nothing). */
  async #wrote(entry: Promise<MemoryEntry>): Promise<MemoryEntry> {
    const e = await entry;
    this.written.push(e.versionId);
    return e;
  }

  /**
   * Sends one write and settles it. A refusal or a success is final. Otherwise (no answer
   * before the deadline, a dropped connection, a 5xx) the write may have been applied: it is
   * sent again, which the API makes idempotent (a create answers path_conflict, a conditional
   * update whose state already holds answers 200 without a version, a delete answers 404),
   * until an answer comes; what the store then holds says whether it was applied. The caller
   * waits meanwhile: failing it now could be a lie the server tells later.
   */
  async #write<T>(what: string, send: (o: CallOptions) => Promise<T>, learn: () => Promise<Learned<T>>): Promise<T> {
    if (!this.#live) await this.#probe();
    let doubt = false;
    let serverFailures = 0;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await this.#pause(attempt, what);
      let err: unknown;
      try {
        return await this.#call(send, { retry: false });
      } catch (e) {
        err = e;
      }
      if (!(err instanceof StoreClientError)) throw err;
      if (!err.maybeApplied) {
        if (!doubt) throw err; // a plain refusal of the first attempt: nothing was applied
        // A refusal of a resend may be the earlier attempt's own doing (a 404 after our delete).
        const learned = await this.#learn(learn);
        if (learned === "not_applied") throw err;
        if (learned !== "unknown") return learned.applied;
        continue;
      }
      if (!doubt) this.#notice(`${what}: the server has not confirmed it; the call waits until it does`);
      doubt = true;
      serverFailures = err.status === undefined ? 0 : serverFailures + 1;
      if (serverFailures >= SERVER_FAILURES_BEFORE_FINAL) {
        // The server keeps receiving and failing it: no attempt is in flight, the state is final.
        const learned = await this.#learn(learn);
        if (learned === "not_applied") throw err;
        if (learned !== "unknown") return learned.applied;
      }
    }
  }

  /** Any answer shows the server is taking requests (a credential may not read the store itself). */
  async #probe(): Promise<void> {
    try {
      await this.#call((o) => this.#client.store(this.#id, o));
    } catch (err) {
      if (!(err instanceof StoreClientError && err.status !== undefined)) throw err;
    }
  }

  async #learn<T>(learn: () => Promise<Learned<T>>): Promise<Learned<T>> {
    try {
      return await learn();
    } catch (err) {
      if (err instanceof StoreClientError && (err.code === "timeout" || err.code === "unavailable")) return "unknown";
      throw err;
    }
  }

  async #pause(attempt: number, what: string): Promise<void> {
    const ms = Math.min(MAX_PAUSE_MS, 100 * 2 ** attempt);
    const stop = this.#abandoned.signal;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stop.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
    if (stop.aborted) {
      this.#notice(`${what}: unmounted before the server confirmed it; it may still be applied`);
      throw new StoreClientError("unavailable", "unmounted before the server confirmed the write", { maybeApplied: true });
    }
  }

  /** One call bounded by the deadline; an answer (a result or a refusal) shows the server is live. */
  async #call<T>(fn: (o: CallOptions) => Promise<T>, opts: { retry?: boolean } = {}): Promise<T> {
    // A plain controller and timer rather than AbortSignal.any/timeout: the timer holds the
    // signal, so the deadline fires even while nothing else references it.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException("request deadline passed", "TimeoutError")), this.#deadlineMs);
    const abandon = () => deadline.abort(this.#abandoned.signal.reason);
    this.#abandoned.signal.addEventListener("abort", abandon, { once: true });
    try {
      const result = await fn({ signal: deadline.signal, ...opts });
      this.#live = true;
      return result;
    } catch (err) {
      if (err instanceof StoreClientError && !err.maybeApplied && err.status !== undefined) this.#live = true;
      throw err;
    } finally {
      clearTimeout(timer);
      this.#abandoned.signal.removeEventListener("abort", abandon);
    }
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
