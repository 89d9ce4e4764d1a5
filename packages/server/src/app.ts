// createApp() builds the Express app without listening, so tests and server.ts share it.
// Check order per request (spec §5): auth → beta rule → route → body/query → store → write.
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { AuthStore } from "./auth/AuthStore.ts";
import { cachedCredentials } from "./auth/credentialCache.ts";
import { SessionStore } from "./auth/SessionStore.ts";
import type { Engine } from "./engine.ts";
import { ApiError, errorBody, notFound, toApiError } from "./errors.ts";
import { findGit, MISSING_GIT } from "./git-http/gitBinary.ts";
import { gitHttpRouter, type GitHttpOptions } from "./git-http/gitHttpRouter.ts";
import { DEFAULT_GIT_REQUEST_LIMIT } from "./git-http/requestBody.ts";
import { DEFAULT_GIT_STALL_MS } from "./git-http/uploadPack.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { defaultBetaRules, memoryBetas, type BetaRules } from "./middleware/betaHeaders.ts";
import { requestContext } from "./middleware/requestContext.ts";
import { strictHttp } from "./middleware/strictHttp.ts";
import { adminRouter } from "./routes/admin.ts";
import { checkpointsRouter } from "./routes/checkpoints.ts";
import { diffRouter } from "./routes/diff.ts";
import { healthRouter } from "./routes/health.ts";
import { memoriesRouter } from "./routes/memories.ts";
import { memoryStoresRouter } from "./routes/memoryStores.ts";
import { mcpRouter } from "./routes/mcp.ts";
import { memoryVersionsRouter } from "./routes/memoryVersions.ts";
import { retentionRouter } from "./routes/retention.ts";
import { restoreRouter } from "./routes/restore.ts";
import { searchRouter } from "./routes/search.ts";
import { sessionsRouter } from "./routes/sessions.ts";

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
}

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
  const resolveCredential = cachedCredentials(auth.db, (secret) => auth.resolve(secret) ?? sessions.resolveToken(secret));
  // Before the body parser: upload-pack requests stream into git.
  app.use(
    "/git",
    gitHttpRouter(
      { engine, resolveCredential, logger },
      {
        unavailable: options.gitHttp?.unavailable !== undefined ? options.gitHttp.unavailable : findGit() === null ? MISSING_GIT : null,
        requestLimitBytes: options.gitHttp?.requestLimitBytes ?? DEFAULT_GIT_REQUEST_LIMIT,
        stallMs: options.gitHttp?.stallMs ?? DEFAULT_GIT_STALL_MS,
      },
    ),
  );
  app.use("/v1", authenticate(resolveCredential));
  // Every body is read raw so that invalid UTF-8 and malformed JSON are ours to report.
  app.use(express.raw({ type: () => true, limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT }));
  app.use("/v1/memory_stores", memoryBetas({ ...defaultBetaRules, ...options.betaRules }));
  app.use("/v1/memory_stores", memoryStoresRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/memories", memoriesRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/memory_versions", memoryVersionsRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/prune", retentionRouter({ engine }));
  // memgit's history extension (docs/api-extensions.md).
  app.use("/v1/memory_stores/:storeId", restoreRouter({ engine }), diffRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/checkpoints", checkpointsRouter({ engine }));
  app.use("/v1/memory_stores/:storeId/search", searchRouter({ engine }));
  app.use("/v1/sessions", sessionsRouter({ engine }, sessions));
  app.use("/v1/admin", adminRouter(auth));
  // MCP over Streamable HTTP (docs/decisions/0066): the same credentials and scopes as /v1.
  app.use("/mcp", authenticate(resolveCredential), mcpRouter());

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
