// One push of a store to a backup remote with native git (docs/decisions/0052): from a
// snapshot of the repository, every branch and tag, forced (a redaction rewrites history and
// the remote must follow), pruned (a deleted checkpoint goes from the remote too). git runs
// with nobody's configuration, only the target's transport allowed, no redirects, no prompt
// and no credential helper; a credential travels in git's environment, never in its argv
// (which every local user can read in the process list) and never in what is logged.
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { gitEnv } from "../git-http/gitBinary.ts";
import { shownUrl, type RemoteTarget } from "./remoteTarget.ts";
import { snapshotRepository } from "./snapshotRepository.ts";

/** The refs a restore needs: the memories, the id map and metadata, the checkpoints. */
export const PUSHED_REFSPECS = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

/**
 * The pushes one push takes. A shallow (pruned) repository goes one branch at a time, then
 * the rest: git 2.39's receive-pack, given a new shallow boundary together with other refs
 * (a redaction and a prune since the last push), updates the ref that brings the boundary
 * and fails the others with "remote failed to report status". Once the boundary is in, the
 * remote takes the rest (tags, deletions) in one push.
 */
function rounds(scratch: string): string[][] {
  if (!existsSync(join(scratch, "shallow"))) return [PUSHED_REFSPECS];
  return [["+refs/heads/memgit-meta:refs/heads/memgit-meta"], ["+refs/heads/main:refs/heads/main"], PUSHED_REFSPECS];
}

/** A push git refused or could not finish; `message` is safe to show and to log. */
export class PushFailedError extends Error {}

export interface PushJob {
  /** Runs `fn` with the store's repository held steady (Engine.withRepository). */
  withRepository: <T>(fn: (gitDir: string) => Promise<T>) => Promise<T>;
  target: RemoteTarget;
  signal: AbortSignal;
}

/** The environment of a push: see the file comment. */
export function pushEnv(target: RemoteTarget): NodeJS.ProcessEnv {
  const env = gitEnv(null);
  delete env.SSH_ASKPASS;
  const config: Array<[string, string]> = [
    ["credential.helper", ""],
    ["core.askPass", ""],
    ["http.followRedirects", "false"],
    // A remote that stops answering is given up after a minute below 1 byte/s, then retried.
    ["http.lowSpeedLimit", "1"],
    ["http.lowSpeedTime", "60"],
  ];
  if (target.kind === "http" && (target.username !== null || target.password !== null)) {
    const basic = Buffer.from(`${target.username ?? ""}:${target.password ?? ""}`).toString("base64");
    config.push(["http.extraHeader", `Authorization: Basic ${basic}`]);
  }
  Object.assign(env, {
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL: target.kind === "path" ? "file" : new URL(target.url).protocol.slice(0, -1),
    GIT_CONFIG_COUNT: String(config.length),
  });
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** git's words with every secret of the target replaced, and only the last lines kept. */
export function maskedOutput(output: string, target: RemoteTarget): string {
  let text = output;
  if (target.kind === "http") {
    if (target.url !== shownUrl(target)) text = text.split(target.url).join(shownUrl(target));
    for (const secret of [target.password, target.password && encodeURIComponent(target.password)])
      if (secret) text = text.split(secret).join("***");
  }
  const lines = text.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "");
  return lines.slice(-12).join("\n").slice(-2000);
}

function explain(output: string): string {
  // git asks for a password when the one it sent (or none) was refused; it must not ask here.
  if (/could not read (Username|Password)|Authentication failed/.test(output))
    return `${output}\nThe remote refused the credential: remove the remote and add it again with the right user and password in its URL.`;
  if (/shallow update not allowed/.test(output))
    return `${output}\nThe store's history was pruned (its repository is shallow): the remote must accept shallow updates (git config receive.shallowUpdate true on it) or already hold the pruned history.`;
  return output;
}

function run(args: string[], env: NodeJS.ProcessEnv, signal: AbortSignal, maxOutput = 16_384): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Its own process group: git runs git-remote-http as a child of its own, which holds the
    // pipes open; stopping a push must end both.
    const child = spawn("git", args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const stop = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    };
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
    child.on("close", () => signal.removeEventListener("abort", stop));
    let output = "";
    const keep = (d: Buffer) => {
      output = (output + d.toString("utf8")).slice(-maxOutput);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (err) => {
      output += `\n${(err as NodeJS.ErrnoException).code === "ENOENT" ? "git is not installed on this server" : err.message}`;
    });
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** A local target that does not exist yet becomes a bare repository that takes pruned history. */
async function prepareLocal(path: string, signal: AbortSignal): Promise<void> {
  if (existsSync(path)) return;
  const env = pushEnv({ kind: "path", path });
  const init = await run(["init", "--bare", "-q", "--initial-branch=main", path], env, signal);
  if (init.code !== 0) throw new PushFailedError(`could not create the backup repository: ${maskedOutput(init.output, { kind: "path", path })}`);
  await run(["--git-dir", path, "config", "receive.shallowUpdate", "true"], env, signal);
}

const HEAD_FORMAT = "--format=%H %(trailers:key=Memgit-Version-Id,valueonly,separator=)";

/** A `git log` line's version id: its trailer when history was rewritten, else its hash's. */
function versionOf(line: string): string {
  const [hash, trailer] = line.split(" ");
  return trailer || `memver_${hash}`;
}

export interface Pushed {
  /** The `main` commit pushed, and the version it is (null: the store has no version yet). */
  main: string | null;
  version: string | null;
}

/** Pushes; resolves with what was pushed; rejects with PushFailedError. */
export async function pushToRemote(job: PushJob): Promise<Pushed> {
  const scratch = await job.withRepository(async (gitDir) => {
    // Beside the stores: the same file system (hard links), and a dot-name, which the engine
    // clears from the stores directory at start-up should the server die mid-push.
    const dir = join(dirname(gitDir), `.push-${randomBytes(6).toString("hex")}`);
    snapshotRepository(gitDir, dir);
    return dir;
  });
  try {
    const { target, signal } = job;
    if (target.kind === "path") await prepareLocal(target.path, signal);
    const url = target.kind === "path" ? target.path : target.url;
    const env = pushEnv(target);
    for (const refspecs of rounds(scratch)) {
      const prune = refspecs === PUSHED_REFSPECS ? ["--prune"] : [];
      const push = await run(["--git-dir", scratch, "push", "--porcelain", "--force", ...prune, "--no-verify", url, ...refspecs], env, signal);
      if (push.code !== 0) {
        const why = signal.aborted ? "the push was stopped (the server is shutting down or the remote was removed)" : maskedOutput(push.output, target);
        throw new PushFailedError(explain(why));
      }
    }
    const head = await run(["--git-dir", scratch, "log", "-1", HEAD_FORMAT, "refs/heads/main", "--"], env, signal);
    const line = head.code === 0 ? head.output.trim() : "";
    return line === "" ? { main: null, version: null } : { main: line.split(" ")[0]!, version: versionOf(line) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Versions on `main` the remote does not have: counted from the commit last pushed; after a
 * rewrite (that commit is gone) from the version it carried, by its Memgit-Version-Id.
 */
export async function versionsBehind(gitDir: string, pushedMain: string | null, pushedVersion: string | null): Promise<number> {
  const env = gitEnv(null);
  const signal = new AbortController().signal;
  const head = await run(["--git-dir", gitDir, "rev-parse", "--verify", "-q", "refs/heads/main"], env, signal);
  if (head.code !== 0) return 0;
  if (pushedMain !== null) {
    const fast = await run(["--git-dir", gitDir, "rev-list", "--count", "refs/heads/main", "--not", pushedMain, "--"], env, signal);
    if (fast.code === 0) return Number(fast.output.trim());
  }
  const log = await run(["--git-dir", gitDir, "log", HEAD_FORMAT, "refs/heads/main", "--"], env, signal, Number.MAX_SAFE_INTEGER);
  const lines = log.output.trim().split("\n").filter((l) => l !== "");
  const at = pushedVersion === null ? -1 : lines.findIndex((l) => versionOf(l) === pushedVersion);
  return at < 0 ? lines.length : at;
}
