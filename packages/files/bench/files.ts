// Mount figures for `pnpm bench` (issue 5): each operation through the FUSE mount on loopback
// and on a plain local directory in the same run. Export: benchFiles(); bench/run.ts wires it.
import Anthropic from "@anthropic-ai/sdk";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fuseAvailable } from "../src/index.ts";

export interface FilesBenchOptions {
  /** Fewer repetitions (CI smoke). */
  quick?: boolean;
  log?: (msg: string) => void;
}

export interface Compared {
  mountMs: number;
  plainMs: number;
  ratio: number;
}

export interface FilesBenchResult {
  writeClose2k: { mountP50Ms: number; mountP99Ms: number; plainP50Ms: number; ratioP50: number; n: number };
  catP50: Compared;
  readP50: Compared;
  /** Warm: the fastest of `runs` back-to-back runs of each side; `mountSpreadMs` is [fastest, slowest]. */
  grepR2000: Compared & { memories: number; warm: Compared & { runs: number; mountSpreadMs: [number, number] } };
  cpR200: Compared;
  /** Versions `sed -i` of one file added to the store (1 = the target's `modified` only). */
  sedIVersions: number;
}

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = fileURLToPath(new URL("../../cli/src/main.ts", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number) => Math.round(x * 1000) / 1000;
const compared = (mountMs: number, plainMs: number): Compared => ({ mountMs: round(mountMs), plainMs: round(plainMs), ratio: round(mountMs / plainMs) });

// Children start in "/" and get absolute paths only (the mount lives in another process, but
// keep the habit: nothing here should look anything up through a relative PATH entry).
const env = { ...process.env, PATH: (process.env.PATH ?? "").split(":").filter((p) => p.startsWith("/")).join(":") };
const run = (cmd: string, args: string[]) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: "/", env, maxBuffer: 64 << 20 });
  const took = ms(t0);
  if (r.status !== 0 && !(cmd === "grep" && r.status === 1)) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return took;
};

function content(i: number, bytes: number): string {
  const head = `memory ${i}: `;
  return head + "x".repeat(bytes - head.length - 1) + "\n";
}

/** The figures, or `{ skipped }` with the reason where FUSE cannot be used (no /dev/fuse, no binding). */
export async function benchFiles(opts: FilesBenchOptions = {}): Promise<FilesBenchResult | { skipped: string }> {
  const log = opts.log ?? (() => undefined);
  const unavailable = fuseAvailable();
  if (unavailable) return { skipped: `FUSE is not available here (${unavailable})` };
  const writes = opts.quick ? 100 : 500;
  const reads = opts.quick ? 50 : 200;
  // The server and the mount run as a user runs them: `memgit serve` and `memgit mount`, each
  // in its own process, so this process can use plain synchronous file calls on the mount.
  const base = mkdtempSync(join(tmpdir(), "memgit-bench-files-"));
  const key = `sk-bench-${randomBytes(16).toString("hex")}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv = { ...env, MEMGIT_BOOTSTRAP_KEY: key, MEMGIT_URL: url, MEMGIT_API_KEY: key };
  const memgit = (args: string[], ready: string) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: REPO, env: childEnv, stdio: ["ignore", "pipe", "ignore"] });
    const up = new Promise<void>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes(ready)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`memgit ${args[0]} exited with ${code}`)));
    });
    return { child, up };
  };
  const stop = async (child: ChildProcess) => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  };
  const serve = memgit(["serve", "--port", String(port), "--data-dir", join(base, "data")], "memgit listening");
  await serve.up;
  const sdk = new Anthropic({ apiKey: key, baseURL: url, maxRetries: 2 });
  const storeId = (await sdk.beta.memoryStores.create({ name: "Bench" })).id;
  const grepStoreId = (await sdk.beta.memoryStores.create({ name: "Grep" })).id; // 2,000 = the per-store cap
  mkdirSync(join(base, "mnt"));
  const mounted = memgit(["mount", "--store", storeId, "--store", grepStoreId, join(base, "mnt")], "mounted;");
  try {
    await mounted.up;
  } catch (err) {
    await stop(serve.child);
    throw err;
  }
  const ready = { dir: join(base, "mnt", "bench"), grepDir: join(base, "mnt", "grep"), storeId: grepStoreId };
  const plainBase = mkdtempSync(join(tmpdir(), "memgit-bench-plain-"));
  try {
    const mnt = ready.dir;
    const plain = join(plainBase, "bench");
    mkdirSync(plain);
    const dirs = { mount: mnt, plain };

    // write + close of a new 2 KB file (one `created` version through the mount)
    log(`files: write+close 2 KB x${writes}`);
    const lat: Record<"mount" | "plain", number[]> = { mount: [], plain: [] };
    for (const side of ["plain", "mount"] as const) {
      mkdirSync(join(dirs[side], "w"));
      for (let i = 0; i < writes; i++) {
        const t0 = process.hrtime.bigint();
        writeFileSync(join(dirs[side], "w", `n${i}.md`), content(i, 2048));
        lat[side].push(ms(t0));
      }
    }
    const writeClose2k = {
      mountP50Ms: round(pct(lat.mount, 50)),
      mountP99Ms: round(pct(lat.mount, 99)),
      plainP50Ms: round(pct(lat.plain, 50)),
      ratioP50: round(pct(lat.mount, 50) / pct(lat.plain, 50)),
      n: writes,
    };

    // cat (a process) and an in-process read of one file
    log(`files: cat / read x${reads}`);
    const catT: Record<"mount" | "plain", number[]> = { mount: [], plain: [] };
    const readT: Record<"mount" | "plain", number[]> = { mount: [], plain: [] };
    for (const side of ["plain", "mount"] as const) {
      const f = join(dirs[side], "w", "n1.md");
      for (let i = 0; i < reads; i++) catT[side].push(run("cat", [f]));
      for (let i = 0; i < reads; i++) {
        const t0 = process.hrtime.bigint();
        readFileSync(f);
        readT[side].push(ms(t0));
      }
    }

    // grep -r over 2,000 memories (seeded through the API, then listed once by the mount)
    const n = 2000;
    log(`files: seeding ${n} memories`);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < n; i = next++) {
          const path = `/d${i % 20}/m${i}.md`;
          await sdk.beta.memoryStores.memories.create(ready.storeId, { path, content: content(i, 512) });
        }
      }),
    );
    for (let i = 0; i < n; i++) {
      const p = join(plain, "g", `d${i % 20}`);
      if (i < 20) mkdirSync(p, { recursive: true });
      writeFileSync(join(p, `m${i}.md`), content(i, 512));
    }
    run("ls", [ready.grepDir]); // the mount learns the new listing
    log("files: grep -r");
    const grepPlain = run("grep", ["-r", "memory 1999:", join(plain, "g")]);
    const grepMountCold = run("grep", ["-r", "memory 1999:", ready.grepDir]);
    const warmRuns = opts.quick ? 3 : 5;
    const times = (dir: string) => Array.from({ length: warmRuns }, () => run("grep", ["-r", "memory 1999:", dir]));
    const warmPlain = Math.min(...times(join(plain, "g")));
    const warmMountAll = times(ready.grepDir);
    const warmMount = Math.min(...warmMountAll);

    // cp -r of 200 files (200 `created` versions through the mount)
    log("files: cp -r 200");
    const src = join(plainBase, "src200");
    mkdirSync(src);
    for (let i = 0; i < 200; i++) writeFileSync(join(src, `f${i}.md`), content(i, 1024));
    const cpPlain = run("cp", ["-r", src, join(plain, "cp")]);
    const cpMount = run("cp", ["-r", src, join(mnt, "cp")]);

    // an atomic save: the versions `sed -i` adds to the store (decision 0025: one)
    writeFileSync(join(mnt, "sed.md"), "colour: red\n");
    const versionCount = async () => {
      let n = 0;
      for await (const _ of sdk.beta.memoryStores.memoryVersions.list(storeId, { limit: 100 })) n++;
      return n;
    };
    const versionsBefore = await versionCount();
    run("sed", ["-i", "s/red/blue/", join(mnt, "sed.md")]);
    await new Promise((r) => setTimeout(r, 1500)); // past the temp-file hold: a held temp file would land by now
    const sedIVersions = (await versionCount()) - versionsBefore;

    return {
      writeClose2k,
      catP50: compared(pct(catT.mount, 50), pct(catT.plain, 50)),
      readP50: compared(pct(readT.mount, 50), pct(readT.plain, 50)),
      grepR2000: {
        ...compared(grepMountCold, grepPlain),
        memories: n,
        warm: { ...compared(warmMount, warmPlain), runs: warmRuns, mountSpreadMs: [round(warmMount), round(Math.max(...warmMountAll))] },
      },
      cpR200: compared(cpMount, cpPlain),
      sedIVersions,
    };
  } finally {
    await stop(mounted.child);
    await stop(serve.child);
    rmSync(plainBase, { recursive: true, force: true });
    rmSync(base, { recursive: true, force: true });
  }
}
