// startServer(): open the engine and the auth database, bootstrap on first start, listen.
// `memgit serve` and the tests both come through here.
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { defaultLimits, Memgit, type Limits, type RetentionOptions } from "@memgit/engine";
import { consoleAssets } from "@memgit/console";
import pino, { type Logger } from "pino";
import { createApp, MISSING_GIT_BUNDLES } from "./app.ts";
import { IMPORT_FACTOR } from "./routes/bundleBody.ts";
import { findGit, MISSING_GIT } from "./git-http/gitBinary.ts";
import type { GitHttpOptions } from "./git-http/gitHttpRouter.ts";
import { AuthStore, type Workspace } from "./auth/AuthStore.ts";
import { StoreAdoptions } from "./auth/StoreAdoptions.ts";
import { applyAdoptions, orphanMessage, orphanStores, type OrphanStore } from "./orphanStores.ts";
import { Backups, DEFAULT_BACKUP_TIMING } from "./backup/Backups.ts";
import { parseAllowedUrls } from "./backup/remoteTarget.ts";
import { backupsPath, DEFAULT_DATA_DIR, serverDbPath } from "./config.ts";
import { createHttpServer, DEFAULT_TIMEOUTS, type HttpTimeouts } from "./httpServer.ts";
import type { BetaRules } from "./middleware/betaHeaders.ts";

export interface ServerOptions {
  /** Where stores and server.sqlite live; omit together with `memory: true` for tests. */
  dataDir?: string;
  /** Everything in memory: memfs stores and an in-memory auth database. */
  memory?: boolean;
  port?: number;
  host?: string;
  /** The first admin key, used only when the data directory is new (MEMGIT_BOOTSTRAP_KEY). */
  bootstrapKey?: string;
  limits?: Partial<Limits>;
  bodyLimitBytes?: number;
  betaRules?: Partial<BetaRules>;
  /** How long a client may take to send a request, and to idle between requests. */
  timeouts?: Partial<HttpTimeouts>;
  /** How long SIGTERM waits for in-flight requests before cutting connections. */
  drainTimeoutMs?: number;
  /** Version retention (MEMGIT_RETENTION_DAYS, MEMGIT_RETENTION_KEEP; docs/format.md §Retention). */
  retention?: Partial<RetentionOptions>;
  /** The engine's clock in epoch milliseconds (tests). */
  clock?: () => number;
  /** Largest bundle `POST /v1/memory_stores/import` accepts (default: 10 × limits.maxStoreBytes). */
  importLimitBytes?: number;
  /** Limits of git smart HTTP (/git/<store id>.git). */
  gitHttp?: Partial<Omit<GitHttpOptions, "unavailable">>;
  /**
   * Backup by push (docs/decisions/0052): `root` is where local-path remotes may go
   * (MEMGIT_BACKUP_ROOT; none by default), `urls` the http(s) prefixes remotes may start with
   * (MEMGIT_BACKUP_URLS, comma-separated; none by default); the rest are timings for tests.
   */
  backup?: { root?: string | null; urls?: string[]; debounceMs?: number; backoffMs?: number; maxBackoffMs?: number };
  /** false silences request logs. Default: pino to stderr. */
  logger?: Logger | false;
  /**
   * Bundle the web console right after listening, so its first page does not wait for the
   * bundler (`memgit serve`). Otherwise it is bundled on its first request.
   */
  warmConsole?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  engine: Memgit;
  auth: AuthStore;
  /** Backup remotes and their pushes (docs/decisions/0052). */
  backups: Backups;
  /** Set when this start created the first workspace; the secret is never stored. */
  bootstrap: { workspace: Workspace; apiKeyId: string; secret: string } | null;
  /** Stores no workspace here owns (reported at start-up with the command that adopts each). */
  orphans: OrphanStore[];
  /** Stops accepting, lets in-flight requests finish, then flushes and closes the stores. */
  close(): Promise<void>;
}

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 4080;

/** Why this server cannot serve clones, said once at start-up; null when it can. */
function gitUnavailable(memory: boolean, logger: Logger | null): string | null {
  if (memory) return "cloning over HTTP is unavailable: this server keeps its stores in memory, with no repository on disk";
  if (findGit() !== null) return null;
  logger?.warn(`${MISSING_GIT}; the API is served as usual`);
  return MISSING_GIT;
}

/** Applies recorded adoptions, then warns of each store no workspace here owns. */
async function reportOrphans(engine: Memgit, auth: AuthStore, logger: Logger | null): Promise<OrphanStore[]> {
  await applyAdoptions(engine, new StoreAdoptions(auth.db), logger);
  const orphans = await orphanStores(engine, auth);
  const workspace = auth.listWorkspaces().find((w) => w.root)?.name ?? "NAME";
  for (const o of orphans) logger?.warn({ store: o.storeId, owner: o.owner }, orphanMessage(o, workspace));
  return orphans;
}

function backupUnavailable(memory: boolean): string | null {
  if (memory) return "backup remotes are unavailable: this server keeps its stores in memory, with no repository on disk";
  return findGit() === null ? "backup remotes are unavailable: the git binary was not found on this server's PATH at start-up" : null;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger === false ? null : (options.logger ?? pino({ name: "memgit" }, pino.destination(2)));
  let engine: Memgit;
  let auth: AuthStore;
  const engineOptions = { limits: options.limits, clock: options.clock, retention: options.retention };
  if (options.memory) {
    engine = await Memgit.open({ memory: true, ...engineOptions });
    auth = AuthStore.open(":memory:");
  } else {
    const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
    // Owner-only: it holds every memory and the key hashes (docs/decisions/0016).
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    engine = await Memgit.open({ dataDir, ...engineOptions });
    auth = AuthStore.open(serverDbPath(dataDir));
  }

  const boot = auth.bootstrap(options.bootstrapKey);
  const bootstrap = boot && { workspace: boot.workspace, apiKeyId: boot.created.key.id, secret: boot.created.secret };
  const orphans = await reportOrphans(engine, auth, logger);

  const noGit = gitUnavailable(Boolean(options.memory), logger);
  const backups = new Backups(
    engine,
    auth.db,
    {
      ...DEFAULT_BACKUP_TIMING,
      ...options.backup,
      root: options.backup?.root !== undefined ? options.backup.root : process.env.MEMGIT_BACKUP_ROOT || null,
      urls: options.backup?.urls ?? parseAllowedUrls(process.env.MEMGIT_BACKUP_URLS),
      dataDir: options.memory ? null : (options.dataDir ?? DEFAULT_DATA_DIR),
      unavailable: backupUnavailable(Boolean(options.memory)),
    },
    logger,
  );
  const app = createApp({
    backups,
    backupHost: { backupsDir: options.memory ? null : backupsPath(options.dataDir ?? DEFAULT_DATA_DIR) },
    engine,
    auth,
    logger,
    bodyLimitBytes: options.bodyLimitBytes,
    betaRules: options.betaRules,
    gitHttp: { ...options.gitHttp, unavailable: noGit },
    bundles: {
      unavailable: options.memory
        ? "importing and exporting stores is unavailable: this server keeps its stores in memory, with no repository on disk"
        : noGit === null
          ? null
          : MISSING_GIT_BUNDLES,
      importLimitBytes: options.importLimitBytes ?? IMPORT_FACTOR * (options.limits?.maxStoreBytes ?? defaultLimits.maxStoreBytes),
    },
  });
  const host = options.host ?? DEFAULT_HOST;
  const server = createHttpServer(app, { ...DEFAULT_TIMEOUTS, ...options.timeouts });
  server.listen(options.port ?? DEFAULT_PORT, host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  if (options.warmConsole) consoleAssets().catch((err: unknown) => logger?.error({ err }, "console bundle failed; /console will retry"));
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive sockets would hold close() open; busy ones finish their request first.
      server.closeIdleConnections();
      // A client that never finishes its request must not keep the stores from flushing.
      const bound = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
      await drained;
      clearTimeout(bound);
      await backups.close();
      await engine.close();
      auth.close();
    })());

  return { url: `http://${urlHost}:${port}`, port, engine, auth, backups, bootstrap, orphans, close };
}
