// Git smart HTTP (issue 12 "Clone and fetch over smart HTTP"): a store of `versions` versions
// served by @memgit/server in this process on loopback. `git clone --mirror` over HTTP against
// `git clone --mirror file://` of the same repository, interleaved so that load drift hits both;
// then `git fetch` of 10 new versions into clones of it (docs/decisions/0050).
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { actor, type EngineModule } from "../lib/engine.ts";
import { serverWithGit } from "../lib/gitServer.ts";
import { summarize, timeOnce, type LatencySummary } from "../lib/stats.ts";
import { contentStream, generateWorkload, prng } from "../lib/workload.ts";
import { seedStore, type Log } from "./engine.ts";

export interface GitHttpResult {
  versions: number;
  packMiB: number;
  cloneHttp: LatencySummary;
  cloneFile: LatencySummary;
  /** Median over the interleaved pairs of (HTTP ÷ file://). */
  cloneRatio: number;
  /** Fetch of 10 versions into a plain clone right after they were written (pays their checkpoint). */
  fetchAfterWrites: LatencySummary;
  /** The same, the store quiet. */
  fetchQuiet: LatencySummary;
  /** Into a clone with a commit-graph, the store quiet. */
  fetchGraph: LatencySummary;
  /** From file:// into a plain clone and into one with a commit-graph: git's own cost, no HTTP. */
  fetchFile: LatencySummary;
  fetchFileGraph: LatencySummary;
}

const KEY = "sk-memgit-bench-git-http-000000000000001";

export async function runGitHttp(
  mod: EngineModule,
  dataDir: string,
  o: { memories: number; versions: number; cloneReps: number; fetchReps: number },
  log: Log,
): Promise<GitHttpResult | string> {
  const server = await serverWithGit(mod, dataDir, KEY);
  if (typeof server === "string") return server;
  const home = mkdtempSync(path.join(dataDir, "..", "git-http-home-"));
  writeFileSync(path.join(home, ".gitconfig"), "");
  const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" };
  const git = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn("git", ["-c", "protocol.version=2", ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`git ${args[0]}: ${err.slice(0, 300)}`))));
    });
  try {
    const mg = server.engine;
    // Owned by the bootstrap workspace, so that its key sees the store.
    const storeId = (await mg.createStore({ name: "bench git http", owner: server.bootstrap?.workspace.id })).id;
    const ids = new Map<number, string>();
    await seedStore(mg, storeId, generateWorkload({ memories: o.memories, writes: 0, seed: 1212 }).initial, ids);
    log(`git-http: building a ${o.versions.toLocaleString()}-version store…`);
    const slots = [...ids.entries()];
    const writers = 16;
    const remaining = o.versions - o.memories;
    await Promise.all(
      Array.from({ length: writers }, async (_, k) => {
        const rand = prng(1300 + k);
        const content = contentStream(1400 + k);
        const mine = slots.filter(([slot]) => slot % writers === k);
        const share = Math.floor(remaining / writers) + (k < remaining % writers ? 1 : 0);
        for (let i = 0; i < share; i++) {
          const [slot, id] = mine[Math.floor(rand() * mine.length)] as [number, string];
          await mg.updateMemory(storeId, id, { content: content(slot), actor });
        }
      }),
    );
    await mg.flush(storeId);
    const gitDir = (await mg.gitDir(storeId)) as string;
    const url = `http://x:${KEY}@127.0.0.1:${server.port}/git/${storeId}.git`;
    const scratch = path.join(dataDir, "..", "git-http-clones");
    mkdirSync(scratch, { recursive: true });

    log(`git-http: ${o.cloneReps} × (clone --mirror over HTTP, clone --mirror file://), interleaved…`);
    const cloneMs = { http: [] as number[], file: [] as number[] };
    const ratios: number[] = [];
    let packBytes = 0;
    for (let i = 0; i <= o.cloneReps; i++) {
      const target = { http: path.join(scratch, `http-${i}.git`), file: path.join(scratch, `file-${i}.git`) };
      const source = { http: url, file: `file://${gitDir}` };
      // Alternate which goes first; the first pair warms the page cache and is not counted.
      const order = i % 2 === 0 ? (["http", "file"] as const) : (["file", "http"] as const);
      const ms = { http: 0, file: 0 };
      for (const which of order) ms[which] = (await timeOnce(() => git(["clone", "-q", "--mirror", source[which], target[which]]))).ms;
      if (i > 0) {
        ratios.push(ms.http / ms.file);
        cloneMs.http.push(ms.http);
        cloneMs.file.push(ms.file);
      } else packBytes = Number(execFileSync("du", ["-sb", path.join(target.http, "objects")], { encoding: "utf8" }).split("\t")[0]);
      for (const dir of Object.values(target)) rmSync(dir, { recursive: true, force: true });
    }

    log(`git-http: ${2 * o.fetchReps} rounds of git fetch of 10 new versions into four clones…`);
    // Each clone fetches every batch of 10: over HTTP and from file://, each as `git clone` leaves
    // it and with a commit-graph (what `git gc` or `git maintenance` writes). Without one, git's
    // fetch first walks every commit newer than the oldest ref it already has (memgit-meta, as old
    // as the store): most of its time on a store this size, and no part of the server's.
    const source = { http: url, httpGraph: url, file: `file://${gitDir}`, fileGraph: `file://${gitDir}` };
    const dirs = { http: "", httpGraph: "", file: "", fileGraph: "" };
    for (const k of Object.keys(source) as (keyof typeof source)[]) {
      dirs[k] = path.join(scratch, `fetch-${k}`);
      await git(["clone", "-q", source[k], dirs[k]]);
      if (k.endsWith("Graph")) await git(["-C", dirs[k], "commit-graph", "write", "--reachable"]);
    }
    const samples = { afterWrites: [] as number[], quiet: [] as number[], graph: [] as number[], file: [] as number[], fileGraph: [] as number[] };
    const fetch = async (dir: string) => (await timeOnce(() => git(["-C", dir, "fetch", "-q", "origin"]))).ms;
    const content = contentStream(1500);
    for (let i = 0; i < 2 * o.fetchReps; i++) {
      for (let j = 0; j < 10; j++) {
        const [slot, id] = slots[j % slots.length] as [number, string];
        await mg.updateMemory(storeId, id, { content: content(slot), actor });
      }
      // Every other round the plain HTTP clone fetches right after the writes: it pays their
      // checkpoint, and the compaction that follows runs beside it. The other fetches wait until
      // the store is quiet (flush() waits for that compaction too).
      if (i % 2 === 0) samples.afterWrites.push(await fetch(dirs.http));
      await mg.flush(storeId);
      if (i % 2 === 1) samples.quiet.push(await fetch(dirs.http));
      samples.graph.push(await fetch(dirs.httpGraph));
      samples.file.push(await fetch(dirs.file));
      samples.fileGraph.push(await fetch(dirs.fileGraph));
    }
    const sorted = [...ratios].sort((x, y) => x - y);
    return {
      versions: o.versions,
      packMiB: packBytes / 2 ** 20,
      cloneHttp: summarize(cloneMs.http),
      cloneFile: summarize(cloneMs.file),
      cloneRatio: sorted[Math.floor(sorted.length / 2)] as number,
      fetchAfterWrites: summarize(samples.afterWrites),
      fetchQuiet: summarize(samples.quiet),
      fetchGraph: summarize(samples.graph),
      fetchFile: summarize(samples.file),
      fetchFileGraph: summarize(samples.fileGraph),
    };
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}
