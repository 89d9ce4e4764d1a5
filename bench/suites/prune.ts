// Retention on a big store (issue: "pruning 200,000 of a 250,000-version store's versions finishes in
// ≤ 30 s while a writer keeps writing"). The store is built with an injected clock: the first
// `old` versions are written 60 days in the past, the rest now, so a 30-day window lets the old
// ones go. `prune` is timed with writers writing to the same store; their acknowledged rate during
// the prune is set against their rate just before it. Then every acknowledged write is read back
// (before and after a reopen), `git fsck --full --strict` runs, the repository must be shallow,
// and the versions listed must be the versions built, less the pruned, plus the writes.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { BackgroundWriters, lostWrites, type AckedWrite } from "../lib/backgroundWriters.ts";
import { du } from "../lib/disk.ts";
import { benchLimits, type Engine, type EngineModule, type EngineOpenOptions } from "../lib/engine.ts";
import { fsck, type Fsck } from "../lib/gitScan.ts";
import { redactionPhases, wallMs, watchPhases, type RedactionPhases } from "../lib/phaseWatch.ts";
import { summarize, timeOnce, type LatencySummary } from "../lib/stats.ts";
import { buildBigStore, type Log } from "./engine.ts";

export interface PruneOptions {
  /** Versions in the store before the prune. */
  versions: number;
  /** Of which the first this many are written before the clock jumps forward (old enough to prune). */
  old: number;
  memories: number;
  /** Concurrent background writers on the same store. */
  writers: number;
}

/** Acknowledged writes in a span of time, as a rate. */
export interface WriteRate {
  writes: number;
  ms: number;
  perSecond: number;
}

export interface PruneBenchResult {
  versions: number;
  buildPerSecond: number;
  /** Memory versions listed before the prune, and after it (with the background writes). */
  listedBefore: number;
  listedAfter: number;
  /** listedBefore − pruned + acknowledged writes: what listedAfter must be. */
  listedExpected: number;
  pruneMs: number;
  pruned: number;
  phases: RedactionPhases;
  watcher: { cpuMs: number; maxGapMs: number };
  writes: {
    acked: number;
    before: WriteRate;
    during: WriteRate;
    after: WriteRate;
    /** Called while the prune ran (each waited for it). */
    startedDuring: number;
    /** Longest time between two acknowledgements (any writer) while the prune ran. */
    longestStallMs: number;
    latency: LatencySummary;
    errors: string[];
    lostInProcess: string[];
    lostAfterReopen: string[];
  };
  fsck: Fsck;
  shallow: { file: boolean; commits: number; gitSays: string; mainCommits: number };
  disk: { gitDirBytesBefore: number; gitDirBytesAfter: number };
  closeMs: number;
  reopenMs: number;
}

const DAY_MS = 86_400_000;
/** How far in the past the old versions are written; the window is half of it. */
const AGE_DAYS = 60;
const WINDOW_DAYS = 30;
/** The writers' rate before and after the prune is measured over this long. */
const RATE_WINDOW_MS = 3_000;

function rateIn(acked: readonly AckedWrite[], from: number, to: number): WriteRate {
  const writes = acked.filter((w) => w.ackedAt >= from && w.ackedAt <= to).length;
  return { writes, ms: to - from, perSecond: writes / ((to - from) / 1000) };
}

function longestGap(acked: readonly AckedWrite[], from: number, to: number): number {
  const times = [from, ...acked.map((w) => w.ackedAt).filter((t) => t > from && t < to), to].sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, (times[i] as number) - (times[i - 1] as number));
  return gap;
}

/** Every memory version the store lists, counted a page at a time. */
async function countVersions(mg: Engine, storeId: string): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page: { items: unknown[]; nextCursor: string | null } = await mg.listVersions(storeId, { limit: 10_000, cursor });
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The prune, timed from the call to its answer, with writers writing to the store before, during and after it. */
async function pruneUnderWrites(mg: Engine, storeId: string, gitDir: string, o: PruneOptions, log: Log) {
  const watch = await watchPhases(path.join(gitDir, "memgit", "PURGE"));
  const writers = new BackgroundWriters(mg, storeId, o.writers);
  let t0 = 0;
  let t1 = 0;
  let pruned = 0;
  writers.start();
  try {
    await writers.ackedMore(50);
    await sleep(RATE_WINDOW_MS);
    log(`prune: prune of a ${o.versions.toLocaleString()}-version store, ${o.writers} writers writing…`);
    t0 = wallMs();
    pruned = (await mg.prune!(storeId)).prunedVersions;
    t1 = wallMs();
    await sleep(RATE_WINDOW_MS);
    await writers.ackedMore(20);
  } finally {
    await writers.stop();
  }
  const watched = await watch.stop();
  const { acked } = writers;
  log(`prune: ${((t1 - t0) / 1000).toFixed(2)} s, ${pruned.toLocaleString()} versions pruned; reading back ${acked.length.toLocaleString()} acknowledged writes…`);
  const phases = redactionPhases(watched.events, t0, t1);
  return {
    pruneMs: t1 - t0,
    pruned,
    phases: { ...phases, children: phases.children.map((c) => ({ ...c, cmd: c.cmd.replaceAll(gitDir, "<store>") })) },
    watcher: { cpuMs: watched.cpuMs, maxGapMs: watched.maxGapMs },
    acked,
    writes: {
      acked: acked.length,
      before: rateIn(acked, t0 - RATE_WINDOW_MS, t0),
      during: rateIn(acked, t0, t1),
      after: rateIn(acked, t1, t1 + RATE_WINDOW_MS),
      startedDuring: acked.filter((w) => w.startedAt >= t0 && w.startedAt <= t1).length,
      longestStallMs: longestGap(acked, t0, t1),
      latency: summarize(acked.map((w) => w.ackedAt - w.startedAt)),
      errors: writers.errors,
      lostInProcess: await lostWrites(mg, storeId, acked),
    },
  };
}

function shallowState(gitDir: string) {
  const file = path.join(gitDir, "shallow");
  const git = (...a: string[]) => execFileSync("git", ["--git-dir", gitDir, ...a], { encoding: "utf8" }).trim();
  return {
    file: existsSync(file),
    commits: existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0,
    gitSays: git("rev-parse", "--is-shallow-repository"),
    mainCommits: Number(git("rev-list", "--count", "refs/heads/main")),
  };
}

export async function runPrune(mod: EngineModule, dataDir: string, o: PruneOptions, log: Log): Promise<PruneBenchResult> {
  // Old versions are written AGE_DAYS in the past; once `old` are in, the clock jumps to now.
  let offset = -AGE_DAYS * DAY_MS;
  const opts: EngineOpenOptions = {
    dataDir,
    limits: benchLimits(mod),
    clock: () => Date.now() + offset,
    retention: { days: WINDOW_DAYS, keep: 1, intervalMs: 0 },
  };
  const mg = await mod.Memgit.open(opts);
  if (!mg.prune || !mg.getVersion) {
    await mg.close();
    throw new Error("this engine build has no prune/getVersion");
  }
  let storeId = "";
  let gitDir = "";
  let prep: { buildPerSecond: number; listedBefore: number; gitDirBytesBefore: number };
  let run: Awaited<ReturnType<typeof pruneUnderWrites>>;
  let listedAfter: number;
  try {
    storeId = (await mg.createStore({ name: "bench prune" })).id;
    const onWrite = (n: number) => {
      if (n >= o.old) offset = 0;
    };
    const { build } = await buildBigStore(mg, storeId, { memories: o.memories, versions: o.versions, onWrite }, log);
    await mg.flush(storeId);
    gitDir = (await mg.gitDir(storeId)) ?? "";
    if (!gitDir) throw new Error("gitDir() returned null for an on-disk store");
    if (existsSync(path.join(gitDir, "shallow"))) throw new Error("the store is shallow before the prune: the check could not fail");
    prep = { buildPerSecond: build.perSecond, listedBefore: await countVersions(mg, storeId), gitDirBytesBefore: du(gitDir).bytes };
    run = await pruneUnderWrites(mg, storeId, gitDir, o, log);
    listedAfter = await countVersions(mg, storeId);
  } catch (e) {
    await mg.close();
    throw e;
  }
  const closed = await timeOnce(() => mg.close());
  const reopened = await timeOnce(() => mod.Memgit.open(opts));
  let lostAfterReopen: string[];
  try {
    lostAfterReopen = await lostWrites(reopened.value, storeId, run.acked);
  } finally {
    await reopened.value.close();
  }
  log("prune: git fsck --full --strict…");
  return {
    versions: o.versions,
    buildPerSecond: prep.buildPerSecond,
    listedBefore: prep.listedBefore,
    listedAfter,
    listedExpected: prep.listedBefore - run.pruned + run.writes.acked,
    pruneMs: run.pruneMs,
    pruned: run.pruned,
    phases: run.phases,
    watcher: run.watcher,
    writes: { ...run.writes, lostAfterReopen },
    fsck: await fsck(gitDir),
    shallow: shallowState(gitDir),
    disk: { gitDirBytesBefore: prep.gitDirBytesBefore, gitDirBytesAfter: du(gitDir).bytes },
    closeMs: closed.ms,
    reopenMs: reopened.ms,
  };
}
