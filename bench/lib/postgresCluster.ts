// A throwaway PostgreSQL cluster for the baselines (issue 15): `initdb` into a directory on the
// bench disk, the server listening on a Unix socket only, durable commits (fsync=on,
// synchronous_commit=on, full_page_writes=on: the shipped defaults, spelled out). Started by the
// bench itself when the server binaries are installed; otherwise `findPostgres` says how to
// install them and the rows are skipped.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const PG_INSTALL_HINT = "install the server binaries (Debian: apt-get install -y postgresql) to measure against PostgreSQL";

export interface PgBinaries {
  bindir: string;
  version: string;
}

export interface PgCluster {
  version: string;
  /** Settings as the server reports them (SHOW), for the printout. */
  settings: Record<string, string>;
  connect(): Promise<pg.Client>;
  stop(): Promise<void>;
}

const has = (dir: string) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "postgres"));

/** The newest installed server's bin directory, or why there is none. */
export function findPostgres(): PgBinaries | string {
  const dirs: string[] = [];
  if (process.env.MEMGIT_BENCH_PG_BIN) dirs.push(process.env.MEMGIT_BENCH_PG_BIN);
  // Debian/Ubuntu keep server binaries off PATH, one directory per major version.
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian))
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) dirs.push(path.join(debian, v, "bin"));
  for (const p of (process.env.PATH ?? "").split(path.delimiter)) if (p) dirs.push(p);
  const bindir = dirs.find(has);
  if (!bindir) return `PostgreSQL server binaries (initdb, postgres) not found; ${PG_INSTALL_HINT}`;
  const version = execFileSync(path.join(bindir, "postgres"), ["--version"], { encoding: "utf8" }).trim();
  return { bindir, version };
}

function hasSetpriv(): boolean {
  try {
    execFileSync("setpriv", ["--help"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` account. */
function runAs(): { uid: number; gid: number } | null | string {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    return "running as root and there is no `postgres` account to run the server as (the Debian package creates it)";
  }
}

/** initdb + start in `dir` (which must be on the bench disk); resolves once it accepts connections. */
export async function startPostgres(bins: PgBinaries, dir: string): Promise<PgCluster | string> {
  const user = runAs();
  if (typeof user === "string") return user;
  const data = path.join(dir, "data");
  const socketDir = path.join(dir, "sock");
  mkdirSync(socketDir, { recursive: true });
  if (user) {
    // The account must reach the directory through the bench's private (0700) temp directories.
    for (let d = dir; d !== path.dirname(d) && d.includes("memgit-bench-"); d = path.dirname(d)) chmodSync(d, 0o711);
    chownSync(dir, user.uid, user.gid);
    chownSync(socketDir, user.uid, user.gid);
  }
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  execFileSync(path.join(bins.bindir, "initdb"), ["-D", data, "-U", "bench", "--auth=trust", "-E", "UTF8", "--no-locale"], {
    ...as,
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const settings = [
    "listen_addresses=",
    `unix_socket_directories=${socketDir}`,
    "fsync=on",
    "synchronous_commit=on",
    "full_page_writes=on",
    "wal_sync_method=fdatasync",
    "max_connections=40",
    "shared_buffers=128MB",
  ];
  const server = [path.join(bins.bindir, "postgres"), "-D", data, ...settings.flatMap((s) => ["-c", s])];
  // A bench killed outright (SIGKILL) runs no exit hook: util-linux's setpriv makes the kernel
  // stop the server (SIGINT, fast shutdown) when the bench process dies.
  const argv = hasSetpriv() ? ["setpriv", "--pdeathsig", "INT", "--", ...server] : server;
  const child: ChildProcess = spawn(argv[0] as string, argv.slice(1), {
    ...as,
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-2000)));
  let exited = false;
  child.on("exit", () => (exited = true));
  // A bench that dies on an error must not leave the server running (SIGQUIT: immediate shutdown).
  const onExit = () => void (exited || child.kill("SIGQUIT"));
  process.once("exit", onExit);
  const connect = async () => {
    const c = new pg.Client({ host: socketDir, user: "bench", database: "postgres" });
    await c.connect();
    return c;
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      process.off("exit", onExit);
      if (exited) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGINT"); // fast shutdown
      setTimeout(() => {
        child.kill("SIGKILL");
        resolve();
      }, 10_000).unref();
    });
  for (let i = 0; i < 200; i++) {
    if (exited) return `postgres exited at start: ${stderr.trim().split("\n").slice(-2).join(" | ")}`;
    try {
      const c = await connect();
      const shown: Record<string, string> = {};
      for (const name of ["server_version", "fsync", "synchronous_commit", "wal_sync_method", "full_page_writes"])
        shown[name] = ((await c.query(`SHOW ${name}`)).rows[0] as Record<string, string>)[name] as string;
      await c.end();
      return { version: bins.version, settings: shown, connect, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  return `postgres did not accept connections within 20 s: ${stderr.trim().split("\n").slice(-2).join(" | ")}`;
}
