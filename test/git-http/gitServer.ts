// A memgit server on disk for the git smart HTTP tests, and the real `git` client pointed at
// it with no configuration of the machine's own (no credential helper, no prompt).
import Anthropic from "@anthropic-ai/sdk";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer, type ServerOptions } from "@memgit/server";

export const ADMIN_KEY = "sk-memgit-git-http-test-admin-0001";

export interface GitServer {
  server: RunningServer;
  dataDir: string;
  client: Anthropic;
  /** `http://127.0.0.1:<port>/git/<id>.git` */
  repoUrl: (storeId: string) => string;
  /** The same with `x:<secret>@` in it. */
  authedUrl: (storeId: string, secret?: string) => string;
  gitDir: (storeId: string) => string;
  close: () => Promise<void>;
}

export async function startGitServer(options: Partial<ServerOptions> = {}): Promise<GitServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "memgit-git-http-"));
  const server = await startServer({ dataDir, port: 0, logger: false, bootstrapKey: ADMIN_KEY, ...options });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    server,
    dataDir,
    client: new Anthropic({ apiKey: ADMIN_KEY, baseURL: base, maxRetries: 0 }),
    repoUrl: (id) => `${base}/git/${id}.git`,
    authedUrl: (id, secret = ADMIN_KEY) => `http://x:${secret}@127.0.0.1:${server.port}/git/${id}.git`,
    gitDir: (id) => join(dataDir, "stores", `${id}.git`),
    close: () => server.close(),
  };
}

export interface GitRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const isolatedHome = mkdtempSync(join(tmpdir(), "memgit-git-home-"));
writeFileSync(join(isolatedHome, ".gitconfig"), "");

/** Runs the git client; never rejects (tests assert on the code and the output). */
export function git(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-c", "credential.helper=", "-c", "protocol.version=2", ...args], {
      cwd: options.cwd ?? isolatedHome,
      env: {
        PATH: process.env.PATH,
        HOME: isolatedHome,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_TERMINAL_PROMPT: "0",
        GIT_ASKPASS: "",
        LANG: "C",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like git(), but rejects unless git succeeds. */
export async function gitOk(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  const run = await git(args, options);
  if (run.code !== 0) throw new Error(`git ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

export const scratch = (name: string) => join(mkdtempSync(join(tmpdir(), "memgit-git-client-")), name);
