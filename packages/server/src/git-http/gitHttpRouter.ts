// Git smart HTTP at /git/<store id>.git (docs/decisions/0050): clone, fetch, pull and
// ls-remote with the API's credentials and tenancy; pushes are refused. Mounted before the
// app's body parser, since the request body streams into git.
import { Router, type Request, type Response } from "express";
import type { Logger } from "pino";
import { isStoreId } from "@memgit/engine";
import { ApiError, notFound, permissionDenied } from "../errors.ts";
import { authenticate, type ResolveCredential } from "../middleware/authenticate.ts";
import { idParam, principalOf, storeNotFound, visibleStore, type RouteDeps } from "../routes/context.ts";
import { gitErrorResponse } from "./gitErrorResponse.ts";
import { gitProtocolVersion } from "./gitProtocol.ts";
import { decodedBody, discardRest, requestEncoding, type BodyEncoding } from "./requestBody.ts";
import { uploadPack } from "./uploadPack.ts";

export interface GitHttpOptions {
  /** Why clones cannot be served here (no git binary, stores in memory); null when they can. */
  unavailable: string | null;
  /** Largest upload-pack request body, counted after gunzip. */
  requestLimitBytes: number;
  /** How long an exchange may make no progress before it is cut. */
  stallMs: number;
}

export interface GitHttpDeps extends RouteDeps {
  resolveCredential: ResolveCredential;
  logger: Logger | null;
}

const READ_ONLY =
  "this repository is read-only: memgit serves stores for clone and fetch only; write memories through the HTTP API";

export function gitHttpRouter(deps: GitHttpDeps, options: GitHttpOptions): Router {
  const router = Router();

  router.use((_req, _res, next) => {
    if (options.unavailable !== null) throw new ApiError(503, "api_error", options.unavailable);
    next();
  });
  router.use(authenticate(deps.resolveCredential, { basic: true }));

  /** The store named by `<id>.git` (or a bare `<id>`), if the caller may read it. */
  const storeOf = async (req: Request) => {
    const name = idParam(req, "repo");
    const storeId = name.endsWith(".git") ? name.slice(0, -4) : name;
    if (!isStoreId(storeId)) throw storeNotFound(name.slice(0, 100));
    await visibleStore(deps, principalOf(req), storeId);
    return storeId;
  };

  /** One upload-pack run on the store's repository, held steady (and flushed) meanwhile. */
  const exchange = async (req: Request, res: Response, storeId: string, encoding: BodyEncoding | null) => {
    const protocol = gitProtocolVersion(req.headers["git-protocol"]);
    try {
      await deps.engine.withRepository(storeId, (gitDir) =>
        uploadPack({
          gitDir,
          protocol,
          // Opened only here, where uploadPack listens for its errors at once.
          body: encoding === null ? null : decodedBody(req, encoding, options.requestLimitBytes),
          res,
          stallMs: options.stallMs,
          onFailure: (detail) => deps.logger?.warn({ request_id: req.requestId, store: storeId, detail }, "git upload-pack failed"),
        }),
      );
    } finally {
      discardRest(req, options.requestLimitBytes);
    }
  };

  router.get("/:repo/info/refs", async (req, res) => {
    const service = req.query.service;
    const storeId = await storeOf(req);
    if (service === "git-receive-pack") throw permissionDenied(READ_ONLY);
    if (service !== "git-upload-pack")
      throw permissionDenied("memgit serves git's smart HTTP protocol only (git 1.6.6 or later, or isomorphic-git)");
    await exchange(req, res, storeId, null);
  });

  router.post("/:repo/git-upload-pack", async (req, res) => {
    const storeId = await storeOf(req);
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/x-git-upload-pack-request")
      throw new ApiError(415, "invalid_request_error", "content-type: must be application/x-git-upload-pack-request");
    await exchange(req, res, storeId, requestEncoding(req, options.requestLimitBytes));
  });

  router.post("/:repo/git-receive-pack", async (req) => {
    await storeOf(req);
    throw permissionDenied(READ_ONLY);
  });

  router.use((req: Request) => {
    throw notFound(`no git route for ${req.method} ${req.path.slice(0, 200)}`);
  });
  router.use(gitErrorResponse(deps.logger));
  return router;
}
