// createApp() builds the Express app without listening, so tests and server.ts share it.
// Check order per request (spec §5): auth → beta rule → route → body/query → store → write.
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { AuthStore } from "./auth/AuthStore.ts";
import type { Backups } from "./backup/Backups.ts";
import { cachedCredentials } from "./auth/credentialCache.ts";
import { SessionStore } from "./auth/SessionStore.ts";
import { StoreAdoptions } from "./auth/StoreAdoptions.ts";
import { changeToken } from "./auth/dbChanges.ts";
import { applyAdoptions } from "./orphanStores.ts";
import type { Engine } from "./engine.ts";
import { ApiError, errorBody, notFound, toApiError } from "./errors.ts";
import { findGit, MISSING_GIT } from "./git-http/gitBinary.ts";
import { backupHostRouter, DEFAULT_RECEIVE_LIMIT } from "./git-http/backupHostRouter.ts";
import { gitHttpRouter, type GitHttpOptions } from "./git-http/gitHttpRouter.ts";
import { DEFAULT_GIT_REQUEST_LIMIT } from "./git-http/requestBody.ts";
import { DEFAULT_GIT_STALL_MS } from "./git-http/uploadPack.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { defaultBetaRules, memoryBetas, type BetaRules } from "./middleware/betaHeaders.ts";
import { requestContext } from "./middleware/requestContext.ts";
import { strictHttp } from "./middleware/strictHttp.ts";
import { adminRouter } from "./routes/admin.ts";
import { checkpointsRouter } from "./routes/checkpoints.ts";
import { consoleRouter } from "./routes/console.ts";
import { diffRouter } from "./routes/diff.ts";
import { healthRouter } from "./routes/health.ts";
import { memoriesRouter } from "./routes/memories.ts";
import { memoryStoresRouter } from "./routes/memoryStores.ts";
import { mcpRouter } from "./routes/mcp.ts";
import { memoryVersionsRouter } from "./routes/memoryVersions.ts";
import { retentionRouter } from "./routes/retention.ts";
import { restoreRouter } from "./routes/restore.ts";
import { remotesRouter } from "./routes/remotes.ts";
import { searchRouter } from "./routes/search.ts";
import { sessionsRouter } from "./routes/sessions.ts";
import { storeStatsRouter } from "./routes/storeStats.ts";
import { IMPORT_FACTOR } from "./routes/bundleBody.ts";
import { storeTransferRouter, type StoreTransferOptions } from "./routes/storeTransfer.ts";
import { defaultLimits } from "@memgit/engine";
import { whoamiRouter } from "./routes/whoami.ts";

export interface AppOptions {
  engine: Engine;
  auth: AuthStore;
  /** null silences request logs (tests). */
  logger?: Logger | null;
  /**
   * Largest accepted request body. A 102,400-byte memory can take six times that once
   * JSON-escaped (\u00XX per byte), so the default leaves room for it.
   */
  bodyLimitBytes?: number;
  betaRules?: Partial<BetaRules>;
  /** Git smart HTTP at /git; `unavailable` defaults to a check for the git binary. */
  gitHttp?: Partial<GitHttpOptions>;
  /** Store import and export as git bundles; `unavailable` defaults to a check for the git binary. */
  bundles?: Partial<StoreTransferOptions>;
  /** Backup remotes (…/remotes); without, those routes answer 404 as unknown routes. */
  backups?: Backups;
  /** Where pushed backup repositories live (/git/backups/<name>.git); null or absent: not hosted. */
  backupHost?: { backupsDir: string | null; receiveLimitBytes?: number };
}

export const MISSING_GIT_BUNDLES =
  "importing and exporting stores is unavailable: the git binary was not found on this server's PATH at start-up (install git and restart memgit)";

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function createApp(options: AppOptions): express.Express {
  const { engine, auth } = options;
  const logger = options.logger ?? null;
  const sessions = new SessionStore(auth.db);
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");

  app.use(requestContext(logger));
  app.use(strictHttp());
  app.use(healthRouter());
  // A store given to a workspace by `memgit stores adopt` while the server runs: applied
  // before the next request looks at stores (one at a time, whoever comes first).
  // Looked for only when server.sqlite changed (an adoption is a commit there), and until none waits.
  const adoptions = new StoreAdoptions(auth.db);
  const changes = changeToken(auth.db);
  let checked = "";
  let adopting: Promise<void> | null = null;
  app.use(async (_req, _res, next) => {
    const now = changes();
    if (now !== checked) {
      if (adoptions.any()) await (adopting ??= applyAdoptions(engine, adoptions, logger).finally(() => (adopting = null)));
      // Still one waiting (it failed): ask again next time.
      checked = adoptions.any() ? "" : changes();
    }
    next();
  });
  // The web console: static assets, no credential (it signs in against /v1 from the browser).
  app.use(consoleRouter());
  const resolveCredential = cachedCredentials(auth.db, (secret) => auth.resolve(secret) ?? sessions.resolveToken(secret));
  // Before the body parser: upload-pack and receive-pack requests stream into git.
  const gitHttp: GitHttpOptions = {
    unavailable: options.gitHttp?.unavailable !== undefined ? options.gitHttp.unavailable : findGit() === null ? MISSING_GIT : null,
    requestLimitBytes: options.gitHttp?.requestLimitBytes ?? DEFAULT_GIT_REQUEST_LIMIT,
    stallMs: options.gitHttp?.stallMs ?? DEFAULT_GIT_STALL_MS,
  };
  app.use(
    "/git/backups",
    backupHostRouter(
      { engine, resolveCredential, logger },
      { ...gitHttp, backupsDir: options.backupHost?.backupsDir ?? null, receiveLimitBytes: options.backupHost?.receiveLimitBytes ?? DEFAULT_RECEIVE_LIMIT },
    ),
  );
  app.use("/git", gitHttpRouter({ engine, resolveCredential, logger }, gitHttp));
  app.use("/v1", authenticate(resolveCredential));
  app.use("/v1/memory_stores", memoryBetas({ ...defaultBetaRules, ...options.betaRules }));
  // Before the body parser: an imported bundle streams to disk.
  app.use(
    "/v1/memory_stores",
    storeTransferRouter(
      { engine },
      {
        unavailable: options.bundles?.unavailable !== undefined ? options.bundles.unavailable : findGit() === null ? MISSING_GIT_BUNDLES : null,
        importLimitBytes: options.bundles?.importLimitBytes ?? IMPORT_FACTOR * defaultLimits.maxStoreBytes,
      },
    ),
  );
  // Every body is read raw so that invalid UTF-8 and malformed JSON are ours to report.
  app.use(express.raw({ type: () => true, limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT }));
  app.use("/v1/memory_stores", memoryStoresRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/memories", memoriesRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/memory_versions", memoryVersionsRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/prune", retentionRouter({ engine }));
  // memgit's history extension (docs/api-extensions.md).
  app.use("/v1/memory_stores/:storeId", restoreRouter({ engine }), diffRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/checkpoints", checkpointsRouter({ engine }));
  if (options.backups) app.use("/v1/memory_stores/:storeId/remotes", remotesRouter({ engine }, options.backups));
  app.use("/v1/memory_stores/:storeId/search", searchRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/stats", storeStatsRouter({ engine }));
  app.use("/v1/sessions", sessionsRouter({ engine }, sessions));
  app.use("/v1/admin", adminRouter(auth));
  // MCP over Streamable HTTP (docs/decisions/0066): the same credentials and scopes as /v1.
  app.use("/mcp", authenticate(resolveCredential), mcpRouter());
  app.use("/v1/whoami", whoamiRouter());

  app.use((req: Request) => {
    throw notFound(`no route for ${req.method} ${req.path.slice(0, 200)}`);
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let apiError = toApiError(err);
    if (apiError === null) {
      logger?.error({ request_id: req.requestId, err }, "unhandled error");
      apiError = new ApiError(500, "api_error", "internal server error");
    }
    // Deterministic client errors: without this header the SDK retries every 409 twice.
    if (apiError.status < 500) res.setHeader("x-should-retry", "false");
    res.status(apiError.status).json(errorBody(apiError, req.requestId));
  });

  return app;
}
