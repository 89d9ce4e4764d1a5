// A memgit server on disk with a backup root, for the backup-by-push tests, and what they
// ask of a remote repository with the real git binary.
import Anthropic from "@anthropic-ai/sdk";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer, type ServerOptions } from "@memgit/server";

export const ADMIN_KEY = "sk-memgit-backup-test-admin-0001";

export interface BackupServer {
  server: RunningServer;
  dataDir: string;
  /** MEMGIT_BACKUP_ROOT of this server. */
  root: string;
  client: Anthropic;
  gitDir: (storeId: string) => string;
  remotes: (storeId: string) => string;
  close: () => Promise<void>;
}

export async function startBackupServer(options: Partial<ServerOptions> = {}): Promise<BackupServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "memgit-backup-data-"));
  const root = mkdtempSync(join(tmpdir(), "memgit-backup-root-"));
  const server = await startServer({
    dataDir,
    port: 0,
    logger: false,
    bootstrapKey: ADMIN_KEY,
    ...options,
    backup: { root, urls: [], debounceMs: 20, backoffMs: 20, maxBackoffMs: 200, ...options.backup },
  });
  return {
    server,
    dataDir,
    root,
    client: new Anthropic({ apiKey: ADMIN_KEY, baseURL: server.url, maxRetries: 0 }),
    gitDir: (id) => join(dataDir, "stores", `${id}.git`),
    remotes: (id) => `/v1/memory_stores/${id}/remotes`,
    close: () => server.close(),
  };
}

export interface WireRemote {
  type: "memory_store_remote";
  memory_store_id: string;
  name: string;
  url: string;
  created_at: string;
  state: string;
  versions_behind: number;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
}

export const git = (gitDir: string, args: string[]) =>
  execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 256 << 20, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" } });

/** Every branch and tag with its object id, one per line. */
export const refsOf = (gitDir: string) => git(gitDir, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags"]);

/** Every object reachable from a branch or tag, with its content. */
export const reachableContent = (gitDir: string) =>
  execFileSync("sh", ["-c", `git --git-dir "$1" rev-list --objects --all | cut -d' ' -f1 | git --git-dir "$1" cat-file --batch`, "sh", gitDir], {
    encoding: "latin1",
    maxBuffer: 256 << 20,
  });

/** Waits until `check` holds, polling; the test's own timeout bounds it. */
export async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}
