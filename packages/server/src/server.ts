// startServer(): open the engine and the auth database, bootstrap on first start, listen.
// `memgit serve` and the tests both come through here.
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { Memgit, type Limits, type RetentionOptions } from "@memgit/engine";
import { consoleAssets } from "@memgit/console";
import pino, { type Logger } from "pino";
import { createApp } from "./app.ts";
import { findGit, MISSING_GIT } from "./git-http/gitBinary.ts";
import type { GitHttpOptions } from "./git-http/gitHttpRouter.ts";
import { AuthStore, type Workspace } from "./auth/AuthStore.ts";
import { DEFAULT_DATA_DIR, serverDbPath } from "./config.ts";
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
  /** Limits of git smart HTTP (/git/<store id>.git). */
  gitHttp?: Partial<Omit<GitHttpOptions, "unavailable">>;
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
  /** Set when this start created the first workspace; the secret is never stored. */
  bootstrap: { workspace: Workspace; apiKeyId: string; secret: string } | null;
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

  const app = createApp({
    engine,
    auth,
    logger,
    bodyLimitBytes: options.bodyLimitBytes,
    betaRules: options.betaRules,
    gitHttp: { ...options.gitHttp, unavailable: gitUnavailable(Boolean(options.memory), logger) },
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
      await engine.close();
      auth.close();
    })());

  return { url: `http://${urlHost}:${port}`, port, engine, auth, bootstrap, close };
}
