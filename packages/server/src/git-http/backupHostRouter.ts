// A memgit server as a backup host (docs/decisions/0053): `/git/backups/<name>.git` takes
// pushes from another memgit's backup remote (or any git client) and serves them back for a
// restore. Backup repositories are not stores: they live under the data directory's
// `backups/<workspace id>/`, each workspace sees only its own, and only admin API keys reach
// them. The stores served at `/git/<store id>.git` stay read-only.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { Router, type Request, type Response } from "express";
import { ApiError, notFound, permissionDenied } from "../errors.ts";
import { authenticate } from "../middleware/authenticate.ts";
import { idParam, principalOf } from "../routes/context.ts";
import { gitEnv } from "./gitBinary.ts";
import { gitErrorResponse } from "./gitErrorResponse.ts";
import type { GitHttpDeps, GitHttpOptions } from "./gitHttpRouter.ts";
import { gitProtocolVersion } from "./gitProtocol.ts";
import { decodedBody, requestEncoding, type BodyEncoding } from "./requestBody.ts";
import { uploadPack, type GitService } from "./uploadPack.ts";

export interface BackupHostOptions extends GitHttpOptions {
  /** `<data dir>/backups`; null when this server keeps nothing on disk. */
  backupsDir: string | null;
  /** Largest push, counted after gunzip. */
  receiveLimitBytes: number;
}

/** A push of a whole store's history fits many times over; the operator can raise it. */
export const DEFAULT_RECEIVE_LIMIT = 1024 * 1024 * 1024;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * What receive-pack checks and allows: every object fsck-clean, a pruned (shallow) history
 * accepted, forced updates and deletions allowed (a redaction rewrites history, a deleted
 * checkpoint goes), and no hook of anyone's run.
 */
const RECEIVE_CONFIG = [
  "receive.fsckObjects=true",
  "receive.shallowUpdate=true",
  "receive.denyNonFastForwards=false",
  "receive.denyDeletes=false",
  "core.hooksPath=/dev/null",
];

export function backupHostRouter(deps: GitHttpDeps, options: BackupHostOptions): Router {
  const router = Router();
  const { backupsDir } = options;

  router.use((_req, _res, next) => {
    if (options.unavailable !== null) throw new ApiError(503, "api_error", options.unavailable.replace("cloning over HTTP", "backup hosting"));
    if (backupsDir === null) throw new ApiError(503, "api_error", "backup hosting is unavailable: this server keeps nothing on disk");
    next();
  });
  router.use(authenticate(deps.resolveCredential, { basic: true }));

  /** The caller's backup repository named by the URL; created for a push when `create`. */
  const repoOf = (req: Request, create: boolean): string => {
    const principal = principalOf(req);
    if (principal.kind !== "api_key" || principal.role !== "admin") throw permissionDenied("backup repositories need an admin API key");
    const raw = idParam(req, "repo");
    const name = raw.endsWith(".git") ? raw.slice(0, -4) : raw;
    if (!NAME.test(name)) throw notFound(`backup repository not found: ${raw.slice(0, 100)}`);
    const gitDir = join(backupsDir!, principal.workspaceId, `${name}.git`);
    if (existsSync(gitDir)) return gitDir;
    if (!create) throw notFound(`backup repository not found: ${raw.slice(0, 100)}`);
    mkdirSync(join(backupsDir!, principal.workspaceId), { recursive: true, mode: 0o700 });
    const init = spawnSync("git", ["init", "--bare", "-q", "--initial-branch=main", gitDir], { env: gitEnv(null), stdio: "ignore" });
    if (init.status !== 0) throw new ApiError(500, "api_error", "the backup repository could not be created");
    return gitDir;
  };

  const exchange = (req: Request, res: Response, gitDir: string, service: GitService, encoding: BodyEncoding | null, limit: number) =>
    uploadPack({
      gitDir,
      service,
      config: service === "receive-pack" ? RECEIVE_CONFIG : [],
      protocol: gitProtocolVersion(req.headers["git-protocol"]),
      body: encoding === null ? null : decodedBody(req, encoding, limit),
      res,
      stallMs: options.stallMs,
      onFailure: (detail) => deps.logger?.warn({ request_id: req.requestId, detail }, `git ${service} of a backup repository failed`),
    });

  router.get("/:repo/info/refs", async (req, res) => {
    const service = req.query.service;
    if (service !== "git-upload-pack" && service !== "git-receive-pack")
      throw permissionDenied("memgit serves git's smart HTTP protocol only (git 1.6.6 or later)");
    const gitService = service === "git-receive-pack" ? "receive-pack" : "upload-pack";
    await exchange(req, res, repoOf(req, gitService === "receive-pack"), gitService, null, 0);
  });

  for (const service of ["upload-pack", "receive-pack"] as const) {
    router.post(`/:repo/git-${service}`, async (req, res) => {
      const gitDir = repoOf(req, false);
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== `application/x-git-${service}-request`)
        throw new ApiError(415, "invalid_request_error", `content-type: must be application/x-git-${service}-request`);
      const limit = service === "receive-pack" ? options.receiveLimitBytes : options.requestLimitBytes;
      await exchange(req, res, gitDir, service, requestEncoding(req, limit), limit);
    });
  }

  router.use((req: Request) => {
    throw notFound(`no git route for ${req.method} ${req.path.slice(0, 200)}`);
  });
  router.use(gitErrorResponse(deps.logger));
  return router;
}
