// A real memgit server on loopback, the official SDK pointed at it, and real kernel mounts of
// its stores. Shell tools run in child processes (never sync fs calls from this process: the
// FUSE handlers run on its event loop).
import Anthropic from "@anthropic-ai/sdk";
import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startServer, type RunningServer } from "@memgit/server";
import { httpStoreClient, mount, type Mount, type MountOptions, type StoreClient } from "@memgit/files";

const execFileP = promisify(execFile);

export interface Stack {
  server: RunningServer;
  url: string;
  key: string;
  sdk: Anthropic;
  client: StoreClient;
  tmp: string;
  newStore(name: string): Promise<string>;
  mountStores(opts: Omit<MountOptions, "dir" | "client"> & { name?: string }): Promise<Mount>;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const server = await startServer({ memory: true, port: 0, logger: false });
  const key = server.bootstrap!.secret;
  const sdk = new Anthropic({ apiKey: key, baseURL: server.url, maxRetries: 0 });
  const client = httpStoreClient(sdk);
  const tmp = await mkdtemp(join(tmpdir(), "memgit-files-"));
  const mounts: Mount[] = [];
  let n = 0;
  return {
    server,
    url: server.url,
    key,
    sdk,
    client,
    tmp,
    async newStore(name) {
      return (await sdk.beta.memoryStores.create({ name })).id;
    },
    async mountStores(opts) {
      const dir = join(tmp, opts.name ?? `mnt${n++}`);
      await mkdir(dir, { recursive: true });
      const m = await mount({ debug: !!process.env.MEMGIT_TEST_FUSE_DEBUG, ...opts, dir, client });
      mounts.push(m);
      return m;
    },
    async close() {
      for (const m of mounts) await m.unmount().catch(() => undefined);
      await server.close();
      await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/**
 * Children must not need the mounting process before they exec: libuv's spawn blocks this
 * event loop (which serves the FUSE requests) until the child has exec'd, so a child started
 * with its cwd inside the mount, or looking its program up through a relative PATH entry
 * (pnpm adds ./node_modules/.bin), would deadlock. So children start as /bin/bash in "/",
 * with only absolute PATH entries, and cd into the mount afterwards.
 */
export const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: (process.env.PATH ?? "").split(":").filter((p) => p.startsWith("/")).join(":"),
};

/** Starts `cmd args…` in `cwd` through /bin/bash (see childEnv). */
export function spawnIn(cwd: string, cmd: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn("/bin/bash", ["-c", 'cd -- "$0" && exec "$@"', cwd, cmd, ...args], { cwd: "/", env: childEnv });
}

export interface ShResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a bash script in `cwd` (a child process). */
export async function sh(script: string, cwd: string): Promise<ShResult> {
  try {
    const { stdout, stderr } = await execFileP("/bin/bash", ["-c", 'cd -- "$0" && eval "$1"', cwd, script], { cwd: "/", env: childEnv, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Runs python3 code in `cwd`; prints go to stdout. */
export function py(code: string, cwd: string): Promise<ShResult> {
  return sh(`python3 - <<'PYEOF'\n${code}\nPYEOF`, cwd);
}

export async function memories(sdk: Anthropic, storeId: string) {
  const out: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory[] = [];
  for await (const m of sdk.beta.memoryStores.memories.list(storeId, { limit: 100 })) if (m.type === "memory") out.push(m);
  return out;
}

export async function byPath(sdk: Anthropic, storeId: string, path: string) {
  const m = (await memories(sdk, storeId)).find((x) => x.path === path);
  if (!m) return undefined;
  return sdk.beta.memoryStores.memories.retrieve(m.id, { memory_store_id: storeId, view: "full" });
}

/** Every version of the store, oldest first. */
export async function versions(sdk: Anthropic, storeId: string, filter: { memory_id?: string } = {}) {
  const out: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryVersion[] = [];
  for await (const v of sdk.beta.memoryStores.memoryVersions.list(storeId, { ...filter, limit: 100 })) out.push(v);
  return out.reverse();
}

/** Polls `check` until it returns true or `ms` pass (a wait, not a timing assertion). */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
