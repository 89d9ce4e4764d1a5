// One smart-HTTP exchange with native `git upload-pack --stateless-rpc` (or receive-pack, for a
// backup host), streamed both ways (docs/decisions/0050, 0053). The caller holds the repository steady (Memgit.withRepository)
// until the returned promise settles, which is only once git has exited.
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { Response } from "express";
import { ApiError } from "../errors.ts";
import { gitEnv, MISSING_GIT } from "./gitBinary.ts";

/**
 * Namespaces memgit reserves for its own bookkeeping: never advertised, never fetchable
 * (docs/format.md §Serving over HTTP). Today nothing lives there.
 */
export const HIDDEN_REFS = ["refs/memgit/"];

/** How long an exchange may make no progress either way before it is cut (a stalled reader). */
export const DEFAULT_GIT_STALL_MS = 30_000;

export interface UploadPackExchange {
  gitDir: string;
  /** Which side of git's protocol runs: upload-pack (clone, fetch) unless a backup host receives a push. */
  service?: GitService;
  /** `-c` settings for git (receive-pack's checks); constants only. */
  config?: readonly string[];
  /** Validated `version=N`, or null for protocol v0. */
  protocol: string | null;
  /** The request body; null asks for the ref advertisement (GET info/refs). */
  body: Readable | null;
  res: Response;
  stallMs: number;
  /** Told how git ended when it failed (exit code or signal; never its output). */
  onFailure: (detail: string) => void;
}

export type GitService = "upload-pack" | "receive-pack";

/** git http-backend's first pkt-line of a v0 advertisement, and a flush. */
function serviceHeader(service: GitService): Buffer {
  const line = `# service=git-${service}\n`;
  return Buffer.from(`${(line.length + 4).toString(16).padStart(4, "0")}${line}0000`);
}

function responseHeaders(service: GitService, advertisement: boolean): Record<string, string> {
  return {
    "content-type": `application/x-git-${service}-${advertisement ? "advertisement" : "result"}`,
    // What git http-backend sends: a ref advertisement must never come from a cache.
    "cache-control": "no-cache, max-age=0, must-revalidate",
    pragma: "no-cache",
    expires: "Fri, 01 Jan 1980 00:00:00 GMT",
  };
}

/**
 * Protocol v2's advertisement lists capabilities, not refs: the same bytes for every store
 * (same git, same config, sha1), so it is asked of git once per process and then answered
 * without a process: one spawn fewer for every clone and fetch.
 */
let v2Advertisement: Buffer | null = null;

/**
 * Resolves once git has exited and the response is over (sent, or cut because the client
 * left or stalled). Rejects with an ApiError only while nothing has been sent yet, so the
 * caller can still answer with a status and a message.
 */
export function uploadPack(x: UploadPackExchange): Promise<void> {
  const advertisement = x.body === null;
  const service = x.service ?? "upload-pack";
  // Receive-pack's advertisement lists refs whatever the protocol: never cached.
  const capabilitiesOnly = advertisement && x.protocol === "version=2" && service === "upload-pack";
  if (capabilitiesOnly && v2Advertisement) {
    x.res.writeHead(200, responseHeaders(service, true)).end(v2Advertisement);
    return Promise.resolve();
  }
  const heard: Buffer[] = [];
  const args = [
    ...HIDDEN_REFS.flatMap((ref) => ["-c", `uploadpack.hideRefs=${ref}`]),
    ...(x.config ?? []).flatMap((setting) => ["-c", setting]),
    service,
    ...(service === "upload-pack" ? ["--strict"] : []),
    "--stateless-rpc",
    ...(advertisement ? ["--advertise-refs"] : []),
    x.gitDir,
  ];
  return new Promise<void>((resolve, reject) => {
    const { res } = x;
    const child = spawn("git", args, { env: gitEnv(x.protocol), stdio: ["pipe", "pipe", "ignore"] });
    let failure: ApiError | null = null;
    let settled = false;
    let stall: NodeJS.Timeout | undefined;

    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(stall);
      if (failure && !res.headersSent) reject(failure);
      else {
        // Cut short by us (the client left or stalled): drop the connection. When git ended on
        // its own, even with an error, its own last words are in the stream ("ERR …", or a pack
        // the client finds short), so the response ends cleanly, as under git http-backend.
        if (failure) res.destroy();
        else if (!res.writableEnded) res.end();
        resolve();
      }
    };
    const fail = (err: ApiError) => {
      failure ??= err;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    };
    const progress = () => {
      clearTimeout(stall);
      stall = setTimeout(() => fail(new ApiError(408, "invalid_request_error", "the git exchange stalled")), x.stallMs);
    };
    progress();

    // git may exit before reading all of its input, or the client may leave mid-pack: those
    // pipe errors end the exchange through 'close' below and must never reach the process.
    child.stdin.on("error", () => undefined);
    child.stdout.on("error", () => undefined);
    child.on("error", (err: NodeJS.ErrnoException) => {
      failure ??= err.code === "ENOENT" ? new ApiError(503, "api_error", MISSING_GIT) : new ApiError(500, "api_error", "git upload-pack could not start");
      if (child.pid === undefined) settle();
    });
    res.on("close", () => {
      if (!res.writableFinished) fail(new ApiError(499, "invalid_request_error", "client closed the connection"));
    });

    if (x.body === null) child.stdin.end();
    else {
      x.body.on("data", progress);
      x.body.on("error", (err) => fail(err instanceof ApiError ? err : new ApiError(400, "invalid_request_error", "the request body could not be read")));
      x.body.pipe(child.stdin);
    }

    let started = false;
    const start = () => {
      started = true;
      res.writeHead(200, responseHeaders(service, advertisement));
      // git http-backend's preamble; protocol v2 answers start with "version 2" instead.
      if (advertisement && (x.protocol !== "version=2" || service === "receive-pack")) res.write(serviceHeader(service));
    };
    child.stdout.on("data", (chunk: Buffer) => {
      if (failure) return;
      if (!started) start();
      progress();
      if (capabilitiesOnly) heard.push(chunk);
      if (!res.write(chunk)) {
        child.stdout.pause();
        res.once("drain", () => {
          progress();
          child.stdout.resume();
        });
      }
    });

    child.on("close", (code, signal) => {
      if (code !== 0 && !failure) {
        x.onFailure(signal ? `signal ${signal}` : `exit code ${code}`);
        if (!started) failure = new ApiError(500, "api_error", `git ${service} failed`);
      }
      if (!failure && !started) start();
      if (capabilitiesOnly && code === 0 && !failure) v2Advertisement = Buffer.concat(heard);
      settle();
    });
  });
}
