// Backup by push (issue 12; docs/decisions/0052): a store's backup remotes, kept in
// server.sqlite, pushed to after writes and on demand. The routes (routes/remotes.ts) call
// this; the engine only tells it that a store changed.
import type Database from "better-sqlite3";
import { isMemgitError } from "@memgit/engine";
import type { Logger } from "pino";
import type { Engine } from "../engine.ts";
import { ApiError, invalidRequest, notFound } from "../errors.ts";
import { Pusher, type PushState } from "./Pusher.ts";
import { PushFailedError, pushToRemote, versionsBehind } from "./pushToRemote.ts";
import { RemoteStore, type Remote } from "./RemoteStore.ts";
import { remoteTarget, type BackupPolicy } from "./remoteTarget.ts";

export interface BackupOptions extends BackupPolicy {
  /** Why pushes cannot run here (no git, stores in memory); null when they can. */
  unavailable: string | null;
  debounceMs: number;
  backoffMs: number;
  maxBackoffMs: number;
  concurrency: number;
}

export const DEFAULT_BACKUP_TIMING = { debounceMs: 2_000, backoffMs: 1_000, maxBackoffMs: 300_000, concurrency: 2 };

/** Remotes per store: a backup or two, not a fan-out. */
export const MAX_REMOTES_PER_STORE = 10;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export interface RemoteStatus extends Remote {
  state: PushState;
  versionsBehind: number;
}

export class Backups {
  readonly remotes: RemoteStore;
  private readonly pusher: Pusher;
  private readonly stopListening: () => void;

  constructor(
    private readonly engine: Engine,
    db: Database.Database,
    private readonly options: BackupOptions,
    logger: Logger | null,
    clock: () => number = Date.now,
  ) {
    this.remotes = new RemoteStore(db);
    this.pusher = new Pusher({
      remotes: this.remotes,
      push: async (remote, signal) => {
        this.stillAllowed(remote);
        try {
          return await pushToRemote({ withRepository: (fn) => engine.withRepository(remote.storeId, fn), target: remote.target, signal });
        } catch (err) {
          // Deleted while this server was down: its remotes go with it, as on a live delete.
          if (isMemgitError(err) && err.code === "NotFound") {
            this.pusher.forget(remote.storeId);
            this.remotes.removeStore(remote.storeId);
            throw new PushFailedError("the store no longer exists; its backup remotes were removed");
          }
          throw err;
        }
      },
      debounceMs: options.debounceMs,
      backoffMs: options.backoffMs,
      maxBackoffMs: options.maxBackoffMs,
      concurrency: options.concurrency,
      clock,
      onFailure: (remote, message) => logger?.warn({ store: remote.storeId, remote: remote.name, detail: message }, "backup push failed"),
    });
    this.stopListening = engine.onChange((storeId, change) => {
      if (change === "deleted") {
        this.pusher.forget(storeId);
        this.remotes.removeStore(storeId);
      } else this.pusher.changed(storeId);
    });
    if (options.unavailable === null) this.pusher.scheduleAll();
  }

  /**
   * Each push checks its target again: the operator may have narrowed the policy since, and a
   * symlink under the backup root may have been pointed elsewhere since the remote was added.
   */
  private stillAllowed(remote: Remote): void {
    const { target } = remote;
    try {
      remoteTarget(target.kind === "path" ? target.path : target.url, this.options);
    } catch (err) {
      throw new PushFailedError(`refused by this server's backup policy: ${(err as Error).message}`);
    }
  }

  private available(): void {
    if (this.options.unavailable !== null) throw new ApiError(503, "api_error", this.options.unavailable);
  }

  private existing(storeId: string, name: string): Remote {
    const remote = this.remotes.get(storeId, name);
    if (!remote) throw notFound(`backup remote not found: ${name.slice(0, 100)}`);
    return remote;
  }

  async add(storeId: string, name: string, url: string): Promise<RemoteStatus> {
    this.available();
    if (!NAME.test(name)) throw invalidRequest("name: must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
    const target = remoteTarget(url, this.options);
    if (this.remotes.list(storeId).length >= MAX_REMOTES_PER_STORE)
      throw invalidRequest(`name: a store has at most ${MAX_REMOTES_PER_STORE} backup remotes`);
    if (!this.remotes.add(storeId, name, target, new Date()))
      throw new ApiError(409, "remote_conflict_error", `name: this store already has a backup remote named ${name}`);
    this.pusher.changed(storeId);
    return this.status(this.existing(storeId, name));
  }

  async list(storeId: string): Promise<RemoteStatus[]> {
    return Promise.all(this.remotes.list(storeId).map((r) => this.status(r)));
  }

  async remove(storeId: string, name: string): Promise<void> {
    this.existing(storeId, name);
    this.pusher.forget(storeId, name);
    this.remotes.remove(storeId, name);
  }

  /** Pushes now; resolves once done with the remote's status; a failed push rejects (502). */
  async push(storeId: string, name: string): Promise<RemoteStatus> {
    this.available();
    this.existing(storeId, name);
    let remote: Remote;
    try {
      remote = await this.pusher.pushNow(storeId, name);
    } catch (err) {
      if (!(err instanceof PushFailedError)) throw err;
      throw new ApiError(502, "api_error", `push to backup remote ${name} failed: ${err.message}`);
    }
    return this.status(remote);
  }

  private async status(remote: Remote): Promise<RemoteStatus> {
    const state = this.pusher.state(remote.storeId, remote.name);
    if (this.options.unavailable !== null) return { ...remote, state, versionsBehind: 0 };
    const behind = await this.engine.withRepository(remote.storeId, (gitDir) => versionsBehind(gitDir, remote.pushedMain, remote.pushedVersion));
    return { ...remote, state, versionsBehind: behind };
  }

  close(): Promise<void> {
    this.stopListening();
    return this.pusher.close();
  }
}
