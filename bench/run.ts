// pnpm -s bench [--quick] [--json] [--only a,b] [--dir PATH] [--keep] [--out FILE.json]
// (-s keeps pnpm's own script banner off stdout, so --json prints exactly one JSON object.)
// Suites: baselines, writes, concurrent, big, redact, prune, rss, reopen, http, files, git-http, search, console. See docs/decisions/0030-benchmarks.md.
import { writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import { benchDir } from "./lib/disk.ts";
import { loadEngine, type EngineModule } from "./lib/engine.ts";
import { describeChildren } from "./lib/phaseWatch.ts";
import { Report, type Target } from "./lib/report.ts";
import { type LatencySummary, Recorder } from "./lib/stats.ts";
import { generateWorkload, workloadBytes } from "./lib/workload.ts";
import { fdatasyncBaseline, sqliteBaseline, type SyncTarget } from "./suites/baselines.ts";
import { runConsole } from "./suites/console.ts";
import { runBigStore, runEngineConcurrent, runEngineWrites, runEngineWritesOnly, runIdleRss } from "./suites/engine.ts";
import { runFiles } from "./suites/files.ts";
import { runGitHttp } from "./suites/gitHttp.ts";
import { runHttp } from "./suites/http.ts";
import { runPrune } from "./suites/prune.ts";
import { runRedact } from "./suites/redact.ts";
import { runReopen } from "./suites/reopen.ts";
import { runSearch } from "./suites/search.ts";
import { contender, interleave, type Contender } from "./suites/writes.ts";

const SUITES = ["baselines", "writes", "concurrent", "big", "redact", "prune", "rss", "reopen", "http", "files", "git-http", "search", "console"] as const;
type Suite = (typeof SUITES)[number];

interface Args {
  quick: boolean;
  json: boolean;
  only: Set<Suite>;
  dir: string | undefined;
  keep: boolean;
  out: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false, json: false, only: new Set(SUITES), dir: undefined, keep: false, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") continue;
    else if (arg === "--quick") a.quick = true;
    else if (arg === "--json") a.json = true;
    else if (arg === "--keep") a.keep = true;
    else if (arg === "--dir") a.dir = argv[++i];
    else if (arg === "--out") a.out = argv[++i];
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const v = arg.includes("=") ? arg.slice(7) : (argv[++i] ?? "");
      const names = v.split(",").map((s) => s.trim()).filter(Boolean);
      for (const n of names) if (!SUITES.includes(n as Suite)) throw new Error(`unknown suite ${n}; suites: ${SUITES.join(", ")}`);
      a.only = new Set(names as Suite[]);
    } else if (arg === "--help" || arg === "-h") {
      process.stderr.write(`usage: pnpm bench [--quick] [--json] [--only ${SUITES.join(",")}] [--dir PATH] [--keep] [--out FILE.json]\n`);
      process.exit(0);
    } else throw new Error(`unknown flag ${arg}`);
  }
  return a;
}

const args = parseArgs(process.argv.slice(2));
const log = (msg: string) => process.stderr.write(`${msg}\n`);

const scale = args.quick
  ? { memories: 200, writes: 2_000, concMemories: 13, concWrites: 125, reads: 2_000, listReps: 10, rounds: 2, quiesceMs: 800, bigMemories: 2_000, bigVersions: 12_000, pageReps: 300, redactVersions: 20_000, pruneVersions: 20_000, pruneOld: 16_000, rssStores: 100, rssMemories: 2, reopenStores: 12, reopenMemories: 50, reopenPasses: 20, httpWrites: 1_500, httpReads: 1_500, gitVersions: 5_000, gitCloneReps: 3, gitFetchReps: 5 }
  : { memories: 2_000, writes: 20_000, concMemories: 125, concWrites: 1_250, reads: 10_000, listReps: 30, rounds: 3, quiesceMs: 1_500, bigMemories: 2_000, bigVersions: 250_000, pageReps: 2_000, redactVersions: 250_000, pruneVersions: 250_000, pruneOld: 200_000, rssStores: 100, rssMemories: 10, reopenStores: 40, reopenMemories: 200, reopenPasses: 25, httpWrites: 10_000, httpReads: 10_000, gitVersions: 20_000, gitCloneReps: 5, gitFetchReps: 10 };
const PAGE_LIMIT = 20;
/** Background writers on the store while its first version is redacted. */
const REDACT_WRITERS = 4;
/** Background writers on the store while it is pruned. */
const PRUNE_WRITERS = 4;
/** Small enough that a round-robin over the reopen suite's stores reopens one on every call. */
const REOPEN_MAX_OPEN = 4;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const ge = (value: number, text: string): Target => ({ cmp: ">=", value, text });
const le = (value: number, text: string): Target => ({ cmp: "<=", value, text });
const MiB = 1024 * 1024;

const report = new Report();
const dir = benchDir(args.dir, args.keep);
const startedAt = new Date();
const workload = generateWorkload({ memories: scale.memories, writes: scale.writes, dirs: 50, seed: 0x5eed });
const subs = Array.from({ length: 16 }, (_, i) =>
  generateWorkload({ memories: scale.concMemories, writes: scale.concWrites, dirs: 50, seed: 1000 + i, prefix: `/w${String(i).padStart(2, "0")}` }),
);
const workloadText = [
  `workload: ${workload.memories.toLocaleString()} memories over ${workload.dirs} directories (200–2,000 B, seed 0x5eed), then ` +
    `${workload.ops.length.toLocaleString()} single-memory writes (${workload.counts.modify} modify / ${workload.counts.create} create / ${workload.counts.delete} delete), ` +
    `one writer, each awaited (durable) before the next; baselines run right before and after it; ${(workloadBytes(workload) / MiB).toFixed(1)} MiB of content`,
  `concurrent: 16 writers × (${scale.concMemories} memories + ${scale.concWrites} writes, same mix), on 16 stores and on one store`,
  `big store: ${scale.bigMemories.toLocaleString()} memories + modifies to ${scale.bigVersions.toLocaleString()} versions; pages of ${PAGE_LIMIT}`,
  `redact: the first version of a ${scale.redactVersions.toLocaleString()}-version store (built like the big store), ` +
    `${REDACT_WRITERS} writers writing to it throughout`,
  `prune: a ${scale.pruneVersions.toLocaleString()}-version store built like the big store, its first ${scale.pruneOld.toLocaleString()} versions written ` +
    `60 days in the past (injected clock), pruned with a 30-day window, keep 1, ${PRUNE_WRITERS} writers writing to it throughout`,
  `reopen: ${scale.reopenStores} stores × ${scale.reopenMemories} memories (200–2,000 B) + 1 store kept open, maxOpenStores ${REOPEN_MAX_OPEN}; ` +
    `${scale.reopenPasses} round-robin passes of getMemory, each call paired with one on the open store (${(scale.reopenStores * scale.reopenPasses).toLocaleString()} of each)`,
];
if (args.quick) {
  workloadText.unshift(
    `QUICK RUN: workload scaled down (${scale.memories} memories + ${scale.writes.toLocaleString()} writes instead of 2,000 + 20,000; ` +
      `big store ${scale.bigVersions.toLocaleString()} versions instead of 250,000, redact and prune on ${scale.redactVersions.toLocaleString()} versions instead of 250,000, 2 write rounds instead of 3, ` +
      `reopen ${scale.reopenStores} stores × ${scale.reopenMemories} memories instead of 40 × 200, fewer HTTP requests; targets apply to the full run)`,
  );
}
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "?", memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
const git = (...a: string[]) => {
  try {
    return execFileSync("git", a, { cwd: import.meta.dirname, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
};
const revision = {
  commit: git("rev-parse", "--short", "HEAD"),
  /** Uncommitted changes under the measured packages: the figures are of the working tree, not of the commit. */
  dirty: git("status", "--porcelain", "--", "../packages/engine", "../packages/server") !== "",
};
const header = [
  `memgit bench — ${startedAt.toISOString()} — ${machine.cpus} vCPU, ${machine.memGiB} GiB, Node ${machine.node} — at ${revision.commit}${revision.dirty ? " + uncommitted engine/server changes" : ""}`,
  `disk: ${dir.root} (${dir.fsType} on ${dir.device}); engine, sqlite and fdatasync all write here`,
  ...workloadText,
  "ratios carry between runs; absolute figures move on a shared machine",
];
for (const h of header) log(h);
if (dir.fsType === "tmpfs") report.notes.push("the bench directory is on tmpfs: durability figures are meaningless; pass --dir on a real disk");

const lat = (section: string, key: string, label: string, s: LatencySummary, targets: { p50?: Target; p99?: Target } = {}) => {
  report.add(section, `${key}P50`, `${label} p50`, s.p50, "ms", targets.p50 ? { target: targets.p50 } : {});
  report.add(section, `${key}P99`, `${label} p99`, s.p99, "ms", targets.p99 ? { target: targets.p99 } : {});
};
const throughput = (section: string, key: string, label: string, rec: Recorder, unit = "versions/s", t: { p50?: Target; p99?: Target } = {}) => {
  report.add(section, `${key}PerSec`, label, rec.perSecond, unit);
  lat(section, key, label.replace(/ \(.*\)$/, ""), rec.summary(), t);
};

async function suite(name: Suite, fn: () => Promise<void>): Promise<void> {
  if (!args.only.has(name)) return;
  const t0 = Date.now();
  try {
    await fn();
    log(`suite ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    const err = e as Error;
    report.errors.push({ suite: name, error: err.message });
    log(`suite ${name} failed: ${err.stack ?? err.message}`);
  }
}

let engine: EngineModule | undefined;
const needsEngine = (["writes", "concurrent", "big", "redact", "prune", "rss", "reopen", "http", "git-http", "search"] as Suite[]).some((s) => args.only.has(s));
if (needsEngine) {
  const loaded = await loadEngine();
  if (typeof loaded === "string") {
    for (const s of ["writes", "concurrent", "big", "redact", "prune", "rss", "reopen", "http", "git-http", "search"] as Suite[]) if (args.only.has(s)) report.skipped.push({ suite: s, reason: loaded });
  } else engine = loaded;
}
const withEngine = (name: Suite, fn: (mod: EngineModule) => Promise<void>) => (engine ? suite(name, () => fn(engine as EngineModule)) : Promise.resolve());

const W = "single writer, durable";
let engineWritesPerSec: number | null = null;

// The single-writer run, in rounds. In each round the engine runs the whole workload continuously on a
// fresh store (its background checkpoints and compaction overlap its writes, as in service); each
// baseline runs it right before and right after, on fresh files, so drifting load on a shared machine
// hits both sides. Headline figures pool every round; the write ratios are the median of the rounds'.
interface Pass {
  when: string;
  sqlite: Contender;
  fdatasync: Contender;
}
interface Round {
  engine?: Contender;
  passes: Pass[];
}
const rounds: Round[] = [];
let round: Round = { passes: [] };
const baselinePasses: Pass[] = [];
const runBaselinePass = async (when: string) => {
  const targets: [string, SyncTarget][] = [
    ["sqlite", sqliteBaseline(dir.sub(`sqlite-${when}`))],
    ["fdatasync", fdatasyncBaseline(dir.sub(`fdatasync-${when}`))],
  ];
  const cs = targets.map(([name, t]) => {
    t.seed(workload.initial);
    return contender(name, true, (op) => t.apply(op));
  });
  try {
    log(`baselines (${when}): sqlite, then fdatasync, ${workload.ops.length.toLocaleString()} writes each…`);
    for (const c of cs) await interleave([c], workload.ops, workload.ops.length, log);
  } finally {
    for (const [, t] of targets) t.close();
  }
  const pass = { when: scale.rounds > 1 && rounds.length > 0 ? `${when} (round ${rounds.length})` : when, sqlite: cs[0] as Contender, fdatasync: cs[1] as Contender };
  baselinePasses.push(pass);
  round.passes.push(pass);
};
const withBaselines = args.only.has("baselines");
// Between passes (untimed): let the engine's quiet-time work (checkpoint, journal shrink, compaction)
// finish and write back dirty pages, so no pass pays for the previous one's I/O in its fsyncs.
const quiesce = async () => {
  await new Promise((r) => setTimeout(r, scale.quiesceMs));
  execFileSync("sync");
};
const drive = async (e: Contender) => {
  round = { engine: e, passes: [] };
  rounds.push(round);
  log(`round ${rounds.length}/${scale.rounds}`);
  if (withBaselines) {
    await quiesce();
    await runBaselinePass("before");
  }
  await quiesce();
  await interleave([e], workload.ops, workload.ops.length, log);
  if (withBaselines) {
    await quiesce();
    await runBaselinePass("after");
  }
};

if (args.only.has("writes") && engine) {
  await withEngine("writes", async (mod) => {
    const r = await runEngineWrites(mod, dir.sub("engine-writes"), workload, { reads: scale.reads, listReps: scale.listReps, disk: true, scratch: dir.sub("gc") }, log, drive);
    for (let i = 1; i < scale.rounds; i++) await runEngineWritesOnly(mod, dir.sub(`engine-writes-r${i + 1}`), workload, log, drive);
    const pooled = Recorder.merge(...rounds.map((x) => (x.engine as Contender).rec));
    engineWritesPerSec = pooled.perSecond;
    throughput(W, "engineWrites", `engine (memgit)${rounds.length > 1 ? `, ${rounds.length} rounds pooled` : ""}`, pooled, "versions/s", { p99: le(2, "≤ 2 ms") });
    if (rounds.length > 1) rounds.forEach((x, i) => report.add(W, `engineWrites_round${i + 1}`, `  engine round ${i + 1}`, (x.engine as Contender).rec.perSecond, "versions/s"));
    const R = "reads at head";
    lat(R, "readMemory", "read one memory (getMemory, full)", r.read, { p50: le(0.2, "≤ 0.2 ms") });
    report.add(R, "list2000P50", `list ${workload.memories.toLocaleString()} memories (one call) p50`, r.listSeeded.p50, "ms", { target: le(10, "≤ 10 ms") });
    report.add(R, "listAfterWritesP50", `list ${r.liveAfter.toLocaleString()} memories after the writes p50`, r.listAfter.p50, "ms");
    if (r.disk) {
      const D = `disk, ${r.disk.versions.toLocaleString()}-version store after flush`;
      report.add(D, "diskStoreGitDir", "store git directory, everything in it (du)", r.disk.gitDirBytes / MiB, "MiB");
      report.add(D, "diskStoreObjects", "  of which objects/ (packs + loose)", r.disk.objectsBytes / MiB, "MiB");
      report.add(D, "diskStoreDataDir", "whole data directory incl. index + journal (du)", r.disk.dataDirBytes / MiB, "MiB");
      if (r.disk.gitDirCompactedBytes !== null)
        report.add(D, "diskStoreGitDirCompacted", "store git directory after engine compact() (du)", r.disk.gitDirCompactedBytes / MiB, "MiB");
      report.add(D, "diskGitGc", "same history: clone --mirror, repack -adF, gc (du)", r.disk.gitGcBytes / MiB, "MiB");
      report.add(D, "diskGitGcObjects", "  of which objects/", r.disk.gitGcObjectsBytes / MiB, "MiB");
      report.add(D, "diskLooseObjects", "loose objects in the store (git count-objects)", r.disk.looseObjects, "objects");
      report.add(D, "diskPacks", "packs in the store", r.disk.packs, "packs");
      report.add(D, "diskFiles", "files in the store git directory", r.disk.gitDirFiles, "files");
      report.ratio("diskVsGitGc", "store git dir (incl. journal + index) ÷ git gc", r.disk.gitDirBytes / r.disk.gitGcBytes, le(1.5, "≤ 1.5×"));
      report.ratio("diskObjectsVsGitGc", "store objects/ ÷ git gc objects/", r.disk.objectsBytes / r.disk.gitGcObjectsBytes);
      report.ratio("diskDataDirVsGitGc", "whole data dir (registry too) ÷ git gc", r.disk.dataDirBytes / r.disk.gitGcBytes);
    }
  });
} else if (withBaselines) {
  await suite("baselines", () => runBaselinePass("only"));
}
if (baselinePasses.length > 0) {
  const sq = Recorder.merge(...baselinePasses.map((p) => p.sqlite.rec));
  const fd = Recorder.merge(...baselinePasses.map((p) => p.fdatasync.rec));
  const passes = baselinePasses.length > 1 ? `, ${baselinePasses.length} passes pooled` : "";
  throughput(W, "sqliteWrites", `better-sqlite3 WAL synchronous=FULL (version insert + head upsert${passes})`, sq);
  throughput(W, "fdatasyncWrites", `append + fdatasync (disk limit${passes})`, fd, "writes/s");
  const range = (xs: number[]) => `${Math.round(Math.min(...xs)).toLocaleString()}–${Math.round(Math.max(...xs)).toLocaleString()}`;
  if (baselinePasses.length > 1)
    report.notes.push(
      `baseline passes ranged sqlite ${range(baselinePasses.map((p) => p.sqlite.rec.perSecond))} versions/s, ` +
        `fdatasync ${range(baselinePasses.map((p) => p.fdatasync.rec.perSecond))} writes/s`,
    );
  report.notes.push(
    `baseline passes (sqlite versions/s / fdatasync writes/s): ${baselinePasses
      .map((p) => `${p.when} ${Math.round(p.sqlite.rec.perSecond)} / ${Math.round(p.fdatasync.rec.perSecond)}`)
      .join("; ")}`,
  );
  // Per round: engine ÷ that round's pooled baseline passes; the reported ratio is the median.
  const done = rounds.filter((x) => x.engine && x.passes.length > 0);
  if (done.length > 0) {
    const per = (pick: (p: Pass) => Contender) =>
      done.map((x) => (x.engine as Contender).rec.perSecond / Recorder.merge(...x.passes.map((p) => pick(p).rec)).perSecond);
    const vsSqlite = per((p) => p.sqlite);
    const vsFd = per((p) => p.fdatasync);
    report.ratio("writesVsSqlite", `engine writes ÷ sqlite${done.length > 1 ? `, median of ${done.length} rounds` : ""}`, median(vsSqlite), ge(1.0, "≥ 1.0×"));
    report.ratio("writesVsFdatasync", `engine writes ÷ fdatasync loop${done.length > 1 ? `, median of ${done.length} rounds` : ""}`, median(vsFd), ge(0.75, "≥ 0.75×"));
    if (done.length > 1)
      report.notes.push(
        `write ratios per round: ÷ sqlite ${vsSqlite.map((x) => x.toFixed(2)).join(", ")}; ÷ fdatasync ${vsFd.map((x) => x.toFixed(2)).join(", ")}`,
      );
  }
}

await withEngine("concurrent", async (mod) => {
  const C = "16 concurrent writers";
  const many = await runEngineConcurrent(mod, dir.sub("conc-16-stores"), subs, "stores", log);
  throughput(C, "concurrent16StoresWrites", "16 writers on 16 stores", many);
  const one = await runEngineConcurrent(mod, dir.sub("conc-one-store"), subs, "one-store", log);
  throughput(C, "concurrentOneStoreWrites", "16 writers on one store (group commit)", one);
  if (engineWritesPerSec !== null) {
    report.ratio("concurrent16StoresVsSingle", "16 writers / 16 stores ÷ single writer", many.perSecond / engineWritesPerSec);
    report.ratio("concurrentOneStoreVsSingle", "16 writers / one store ÷ single writer", one.perSecond / engineWritesPerSec);
  }
});

await withEngine("big", async (mod) => {
  const r = await runBigStore(mod, dir.sub("big-store"), { memories: scale.bigMemories, versions: scale.bigVersions, pageReps: scale.pageReps, pageLimit: PAGE_LIMIT }, log);
  const B = `${r.versions.toLocaleString()}-version store`;
  report.add(B, "bigBuildPerSec", "build: 16 writers on one store", r.build.perSecond, "versions/s");
  lat(B, "versionPageFiltered", `version page by memory id (limit ${PAGE_LIMIT})`, r.page, { p50: le(5, "≤ 5 ms") });
  report.add(B, "versionPageNewestP50", `newest version page, unfiltered (limit ${PAGE_LIMIT}) p50`, r.pageNewest.p50, "ms");
  report.add(B, "closeMs", "close (flush to git)", r.closeMs, "ms");
  report.add(B, "openMs", "Memgit.open of that data directory", r.openMs, "ms", { target: le(2000, "≤ 2 s") });
  report.add(B, "openFirstPageMs", "first filtered page after open (cold store)", r.firstPageMs, "ms");
  report.add(B, "openTotalMs", "open + first page", r.openMs + r.firstPageMs, "ms", { target: le(2000, "≤ 2 s") });
  if (!r.newestMatches) report.notes.push("big store: newest version after reopen differs from before close");
});

await withEngine("redact", async (mod) => {
  const r = await runRedact(mod, dir.sub("redact"), { versions: scale.redactVersions, memories: scale.bigMemories, writers: REDACT_WRITERS }, log);
  const R = `redact the first of ${r.versions.toLocaleString()} versions, ${REDACT_WRITERS} writers writing`;
  report.add(R, "redactBuildPerSec", "build: 16 writers on one store", r.build.perSecond, "versions/s");
  report.add(R, "redactSeconds", "redactVersion, call to answer", r.redactMs / 1000, "s", { target: le(10, "≤ 10 s (ceiling 60 s)") });
  const phase = (key: string, label: string, ms: number | null) => report.add(R, key, `  ${label}`, ms === null ? null : ms / 1000, "s");
  phase("redactBuildHistoryS", "to purge marker: writes in flight, new history built", r.phases.buildMs);
  phase("redactWritePackS", "marker to git repack: new pack written, refs moved, index", r.phases.writeMs);
  phase("redactRepackS", "git repack -a -d", r.phases.repackMs);
  phase("redactScrubS", "repack end to marker gone: journal cut, index vacuumed", r.phases.scrubMs);
  phase("redactTailS", "marker gone to answer", r.phases.tailMs);
  report.add(R, "redactWritesAcked", "background writes acknowledged (before, during, after)", r.writes.acked, "writes");
  report.add(R, "redactWritesStartedDuring", "  of which called during the redaction (each waited)", r.writes.startedDuring, "writes");
  report.add(R, "redactWritesAckedDuring", "  of which acknowledged during the redaction", r.writes.ackedDuring, "writes");
  report.add(R, "redactWriteMaxMs", "background write latency, max", r.writes.latency.max, "ms");
  report.add(R, "redactWriteP50Ms", "background write latency, p50", r.writes.latency.p50, "ms");
  const zero = le(0, "0");
  report.add(R, "redactWriteErrors", "background writes that failed", r.writes.errors.length, "writes", { target: zero });
  report.add(R, "redactWritesLost", "acknowledged writes not read back as written (in process)", r.writes.lostInProcess.length, "writes", { target: zero });
  report.add(R, "redactWritesLostReopen", "  the same after close and Memgit.open", r.writes.lostAfterReopen.length, "writes", { target: zero });
  report.add(R, "redactFsckFailed", "git fsck --full --strict failed (1 = failed)", r.fsck.ok ? 0 : 1, "", { target: zero });
  report.add(R, "redactFsckS", "git fsck --full --strict", r.fsck.ms / 1000, "s");
  report.add(R, "redactMarkerBefore", "marker in git objects before (cat-file --batch-all-objects)", r.marker.objectsBefore, "hits");
  report.add(R, "redactMarkerAfter", "marker in git objects after", r.marker.objectsAfter, "hits", { target: zero });
  report.add(R, "redactMarkerFiles", "files in the data directory holding the marker after (grep -r)", r.marker.filesAfter.length, "files", { target: zero });
  report.add(R, "redactGitDirBefore", "store git directory before (du)", r.disk.gitDirBytesBefore / MiB, "MiB");
  report.add(R, "redactGitDirAfter", "store git directory after (du)", r.disk.gitDirBytesAfter / MiB, "MiB");
  report.add(R, "redactCloseMs", "close after the redaction", r.closeMs, "ms");
  report.add(R, "redactReopenMs", "Memgit.open after the redaction", r.reopenMs, "ms");
  if (r.redactMs > 60_000) report.notes.push(`redact: ${(r.redactMs / 1000).toFixed(1)} s is past the 60 s hard ceiling`);
  if (!r.fsck.ok) report.notes.push(`redact: git fsck: ${r.fsck.tail}`);
  for (const e of r.writes.errors) report.notes.push(`redact: background write failed: ${e}`);
  for (const l of [...r.writes.lostInProcess, ...r.writes.lostAfterReopen].slice(0, 5)) report.notes.push(`redact: lost: ${l}`);
  if (r.marker.filesAfter.length) report.notes.push(`redact: marker still in ${r.marker.filesAfter.join(", ")}`);
  report.notes.push(
    `redact: phases seen from a watcher process polling the purge marker and the engine's child processes ` +
      `(${r.watcher.cpuMs.toFixed(0)} ms of its own CPU, polls at most ${r.watcher.maxGapMs.toFixed(0)} ms apart); child processes during the call ` +
      `(s from the call): ${describeChildren(r.phases.children)}`,
  );
});

await withEngine("prune", async (mod) => {
  const r = await runPrune(mod, dir.sub("prune"), { versions: scale.pruneVersions, old: scale.pruneOld, memories: scale.bigMemories, writers: PRUNE_WRITERS }, log);
  const P = `prune a ${r.versions.toLocaleString()}-version store (${scale.pruneOld.toLocaleString()} older than the window), ${PRUNE_WRITERS} writers writing`;
  const zero = le(0, "0");
  report.add(P, "pruneBuildPerSec", "build: 16 writers on one store", r.buildPerSecond, "versions/s");
  report.add(P, "pruneSeconds", "prune, call to answer", r.pruneMs / 1000, "s", { target: le(30, "≤ 30 s") });
  report.add(P, "prunedVersions", "  versions pruned", r.pruned, "versions");
  const phase = (key: string, label: string, ms: number | null) => report.add(P, key, `  ${label}`, ms === null ? null : ms / 1000, "s");
  phase("pruneToMarkerS", "to purge marker: writes in flight, versions chosen, index rows deleted", r.phases.buildMs);
  phase("pruneWriteS", "marker to git repack: metadata commit written, refs moved, index", r.phases.writeMs);
  phase("pruneRepackS", "git repack -a -d", r.phases.repackMs);
  phase("pruneScrubS", "repack end to marker gone: journal cut, index vacuumed", r.phases.scrubMs);
  phase("pruneTailS", "marker gone to answer", r.phases.tailMs);
  const w = r.writes;
  report.add(P, "pruneWritesBeforePerSec", `background writes acknowledged/s, ${(w.before.ms / 1000).toFixed(0)} s before the prune`, w.before.perSecond, "writes/s");
  report.add(P, "pruneWritesDuringPerSec", "background writes acknowledged/s during the prune", w.during.perSecond, "writes/s");
  report.add(P, "pruneWritesAfterPerSec", `background writes acknowledged/s, ${(w.after.ms / 1000).toFixed(0)} s after the prune`, w.after.perSecond, "writes/s");
  report.add(P, "pruneWritesAckedDuring", "  acknowledged during the prune", w.during.writes, "writes");
  report.add(P, "pruneWritesStartedDuring", "  called during the prune (each waited)", w.startedDuring, "writes");
  report.add(P, "pruneLongestStallMs", "longest time with no write acknowledged during the prune", w.longestStallMs, "ms");
  report.add(P, "pruneWriteMaxMs", "background write latency, max", w.latency.max, "ms");
  report.add(P, "pruneWriteP50Ms", "background write latency, p50", w.latency.p50, "ms");
  report.add(P, "pruneWritesAcked", "background writes acknowledged (before, during, after)", w.acked, "writes");
  report.add(P, "pruneWriteErrors", "background writes that failed", w.errors.length, "writes", { target: zero });
  report.add(P, "pruneWritesLost", "acknowledged writes not read back as written (in process)", w.lostInProcess.length, "writes", { target: zero });
  report.add(P, "pruneWritesLostReopen", "  the same after close and Memgit.open", w.lostAfterReopen.length, "writes", { target: zero });
  report.add(P, "pruneListedBefore", "versions listed before the prune", r.listedBefore, "versions");
  report.add(P, "pruneListedAfter", "versions listed after", r.listedAfter, "versions");
  report.add(P, "pruneListedOff", "  after − (before − pruned + writes)", r.listedAfter - r.listedExpected, "versions", { target: zero });
  report.add(P, "pruneFsckFailed", "git fsck --full --strict failed (1 = failed)", r.fsck.ok ? 0 : 1, "", { target: zero });
  report.add(P, "pruneFsckS", "git fsck --full --strict", r.fsck.ms / 1000, "s");
  report.add(P, "pruneNotShallow", "not shallow after (1 = no shallow file, or git says not)", r.shallow.file && r.shallow.gitSays === "true" ? 0 : 1, "", { target: zero });
  report.add(P, "pruneMainCommits", "commits on main after (git rev-list --count)", r.shallow.mainCommits, "commits");
  report.add(P, "pruneGitDirBefore", "store git directory before (du)", r.disk.gitDirBytesBefore / MiB, "MiB");
  report.add(P, "pruneGitDirAfter", "store git directory after (du)", r.disk.gitDirBytesAfter / MiB, "MiB");
  report.add(P, "pruneCloseMs", "close after the prune", r.closeMs, "ms");
  report.add(P, "pruneReopenMs", "Memgit.open after the prune", r.reopenMs, "ms");
  report.notes.push(
    `prune: write rates over ${(w.before.ms / 1000).toFixed(1)} s before (${w.before.writes} writes), ${(w.during.ms / 1000).toFixed(1)} s during (${w.during.writes}), ` +
      `${(w.after.ms / 1000).toFixed(1)} s after (${w.after.writes}); the shallow file names ${r.shallow.commits} commit(s)`,
  );
  if (!r.fsck.ok) report.notes.push(`prune: git fsck: ${r.fsck.tail}`);
  for (const e of w.errors) report.notes.push(`prune: background write failed: ${e}`);
  for (const l of [...w.lostInProcess, ...w.lostAfterReopen].slice(0, 5)) report.notes.push(`prune: lost: ${l}`);
  report.notes.push(
    `prune: phases seen from a watcher process (${r.watcher.cpuMs.toFixed(0)} ms of its own CPU, polls at most ${r.watcher.maxGapMs.toFixed(0)} ms apart); ` +
      `child processes during the call (s from the call): ${describeChildren(r.phases.children)}`,
  );
});

await withEngine("rss", async (mod) => {
  const r = await runIdleRss(mod, dir.sub("idle-stores"), dir.sub("idle-empty"), { stores: scale.rssStores, memoriesPerStore: scale.rssMemories }, log);
  const I = "idle stores (fresh child process)";
  report.add(I, "idleStoresRss", `RSS holding ${r.stores} open idle stores`, r.rssBytes / MiB, "MiB", { target: le(300, "≤ 300 MiB") });
  report.add(I, "idleBaselineRss", "RSS of the same child with no stores", r.baselineRssBytes / MiB, "MiB");
  report.add(I, "idlePerStoreRss", "RSS per open idle store", (r.rssBytes - r.baselineRssBytes) / r.stores / 1024, "KiB");
  report.add(I, "idleOpenAllMs", `open + touch all ${r.stores} stores`, r.openAllMs, "ms");
});

await withEngine("reopen", async (mod) => {
  const o = { stores: scale.reopenStores, memoriesPerStore: scale.reopenMemories, maxOpenStores: REOPEN_MAX_OPEN, passes: scale.reopenPasses };
  const r = await runReopen(mod, dir.sub("reopen"), o, log);
  const S = `store reopen: ${o.stores} stores round-robin, maxOpenStores ${o.maxOpenStores}`;
  const pair = (key: string, label: string, s: LatencySummary) => {
    report.add(S, `${key}P50`, `${label} p50 (n=${s.n.toLocaleString()})`, s.p50, "ms");
    report.add(S, `${key}P95`, `${label} p95`, s.p95, "ms");
  };
  pair("reopenGetMemory", "getMemory on a closed store (reopens it)", r.reopened);
  pair("openGetMemory", "getMemory on a store kept open", r.open);
  report.add(S, "reopenOpenStoresAtEnd", "stores open at the end (mg.openStores)", r.openStoresAtEnd, "stores", { target: le(o.maxOpenStores, `≤ ${o.maxOpenStores}`) });
  report.add(S, "reopenOpenStoresMax", "most stores open after any call", r.openStoresMax, "stores");
  report.ratio("reopenVsOpenP50", "getMemory p50, closed store (reopen) ÷ open store", r.reopened.p50 / r.open.p50);
  report.ratio("reopenVsOpenP95", "getMemory p95, closed store (reopen) ÷ open store", r.reopened.p95 / r.open.p95);
});

await withEngine("http", async (mod) => {
  const r = await runHttp(mod, dir.sub("http"), { writes: scale.httpWrites, reads: scale.httpReads, memories: scale.memories }, log);
  if (typeof r === "string") {
    report.skipped.push({ suite: "http", reason: r });
    return;
  }
  const H = "HTTP, 16 keep-alive clients on loopback";
  throughput(H, "httpUpdates", "updates with content_sha256 precondition", r.updates, "requests/s", { p99: le(10, "≤ 10 ms") });
  throughput(H, "httpRetrieve", "retrieve memory", r.retrieve, "requests/s");
  throughput(H, "httpList", "list memories (page of 100)", r.list, "requests/s");
  throughput(H, "httpHealth", "GET /health (transport + express floor, no auth, no engine)", r.health, "requests/s");
  throughput(H, "engineDirectConcurrent", `engine direct, same 16-client update run (${r.directPasses.length} passes pooled)`, r.engineDirect);
  report.notes.push(`engine-direct passes around the HTTP run: ${r.directPasses.map((p) => Math.round(p.perSecond)).join(" / ")} versions/s`);
  report.ratio("httpVsEngineWrites", "HTTP updates ÷ engine-direct updates", r.updates.perSecond / r.engineDirect.perSecond, ge(0.5, "≥ 0.5×"));
  report.ratio("httpHealthVsEngineWrites", "context: GET /health ÷ engine-direct updates (transport ceiling)", r.health.perSecond / r.engineDirect.perSecond);
});

await withEngine("git-http", async (mod) => {
  const o = { memories: scale.bigMemories, versions: scale.gitVersions, cloneReps: scale.gitCloneReps, fetchReps: scale.gitFetchReps };
  const r = await runGitHttp(mod, dir.sub("git-http"), o, log);
  if (typeof r === "string") {
    report.skipped.push({ suite: "git-http", reason: r });
    return;
  }
  const G = `git smart HTTP on loopback, ${r.versions.toLocaleString()}-version store (${r.packMiB.toFixed(1)} MiB of objects)`;
  report.add(G, "gitCloneHttpP50", `git clone --mirror over HTTP p50 (n=${r.cloneHttp.n})`, r.cloneHttp.p50, "ms");
  report.add(G, "gitCloneFileP50", "git clone --mirror file:// p50", r.cloneFile.p50, "ms");
  const f = (key: string, label: string, x: LatencySummary, target?: Target) =>
    report.add(G, key, `git fetch of 10 new versions, ${label} p50 (n=${x.n})`, x.p50, "ms", target ? { target } : {});
  f("gitFetch10AfterWritesP50", "just written, plain clone", r.fetchAfterWrites, le(100, "≤ 100 ms"));
  f("gitFetch10QuietP50", "store quiet, plain clone", r.fetchQuiet, le(100, "≤ 100 ms"));
  f("gitFetch10GraphP50", "store quiet, clone with a commit-graph", r.fetchGraph, le(100, "≤ 100 ms"));
  f("gitFetch10FileP50", "context: file://, plain clone", r.fetchFile);
  f("gitFetch10FileGraphP50", "context: file://, clone with a commit-graph", r.fetchFileGraph);
  report.ratio("gitCloneHttpVsFile", "git clone --mirror: HTTP ÷ file://, median of pairs", r.cloneRatio, le(1.5, "≤ 1.5×"));
});

await withEngine("search", async (mod) => {
  const r = await runSearch(mod, dir.sub("search"), { memories: 2_000, reps: args.quick ? 30 : 100 }, log);
  if (typeof r === "string") {
    report.skipped.push({ suite: "search", reason: r });
    return;
  }
  const S = `search: ${r.memories.toLocaleString()} memories (${r.contentMiB.toFixed(1)} MiB), route over HTTP vs git grep -n on a checkout`;
  r.cases.forEach((c, i) => {
    report.add(S, `searchRoute${i}P50`, `route, ${c.label} p50 (n=${c.route.n})`, c.route.p50, "ms");
    report.add(S, `searchGitGrep${i}P50`, `git grep, ${c.label} p50`, c.gitGrep.p50, "ms");
    report.ratio(`searchVsGitGrep${i}`, `search route ÷ git grep p50, ${c.label}`, c.ratio, le(1.5, "≤ 1.5×"));
  });
});

await suite("files", async () => {
  log("files: memgit serve + memgit mount, FUSE vs a plain directory…");
  const r = await runFiles(args.quick, log);
  if (typeof r === "string") {
    report.skipped.push({ suite: "files", reason: r });
    return;
  }
  const F = "file adapter: FUSE mount vs plain directory";
  report.add(F, "filesWriteClose2kP50", `write + close 2 KB through the mount p50 (n=${r.writeClose2k.n})`, r.writeClose2k.mountP50Ms, "ms", { target: le(2, "≤ 2 ms") });
  report.add(F, "filesWriteClose2kP99", "write + close 2 KB through the mount p99", r.writeClose2k.mountP99Ms, "ms");
  report.add(F, "filesWriteClose2kPlainP50", "write + close 2 KB, plain directory p50", r.writeClose2k.plainP50Ms, "ms");
  const pair = (key: string, label: string, c: { mountMs: number; plainMs: number }, target?: Target) => {
    report.add(F, `${key}Mount`, `${label} (mount)`, c.mountMs, "ms");
    report.add(F, `${key}Plain`, `${label} (plain)`, c.plainMs, "ms");
    report.ratio(`${key}VsPlain`, `files: ${label}, mount ÷ plain`, c.mountMs / c.plainMs, target);
  };
  pair("filesCatP50", "cat one file p50", r.catP50);
  pair("filesReadP50", "read one file p50", r.readP50);
  pair("filesGrepR", `grep -r over ${r.grepR2000.memories.toLocaleString()} memories, cold`, r.grepR2000, le(5, "≤ 5×"));
  const warm = r.grepR2000.warm;
  pair("filesGrepRWarm", `grep -r over ${r.grepR2000.memories.toLocaleString()} memories, warm (fastest of ${warm.runs})`, warm, le(2, "≤ 2×"));
  report.add(F, "filesGrepRWarmMountSlowest", `grep -r warm, slowest of ${warm.runs} (mount)`, warm.mountSpreadMs[1], "ms");
  pair("filesCpR200", "cp -r of 200 files", r.cpR200, le(10, "≤ 10×"));
  report.ratio("filesWriteCloseVsPlain", "files: write + close 2 KB p50, mount ÷ plain", r.writeClose2k.ratioP50);
  report.add(F, "filesSedIVersions", "versions one `sed -i` adds to the store", r.sedIVersions, "versions", { target: le(1, "= 1") });
});

await suite("console", async () => {
  const C = "console (Chromium, loopback)";
  const load = os.loadavg()[0]!;
  const r = await runConsole(dir.sub("console"), { repetitions: args.quick ? 3 : 10 }, log);
  if (typeof r === "string") {
    report.skipped.push({ suite: "console", reason: r });
    return;
  }
  const KiB = 1024;
  report.add(C, "consoleJsGzip", "JavaScript, gzipped, all chunks", r.jsGzipBytes / KiB, "KiB", { target: le(150, "≤ 150 KB") });
  report.add(C, "consoleEntryJsGzip", "… of which the first page loads", r.entryJsGzipBytes / KiB, "KiB");
  report.add(C, "consoleCssGzip", "stylesheet, gzipped", r.cssGzipBytes / KiB, "KiB");
  report.add(C, "consoleFirstRequest", "first /console request of a fresh server (bundles the UI)", r.firstRequestMs, "ms");
  report.add(C, "consoleFirstPageP50", `first page (sign-in form), empty cache, p50 of ${r.repetitions}`, r.firstPage.p50, "ms", { target: le(300, "≤ 300 ms") });
  report.add(C, "consoleFirstPageMax", "first page, max", r.firstPage.max, "ms");
  report.add(C, "consoleStoresListP50", "signed in: stores list shown, p50", r.storesList.p50, "ms");
  report.add(C, "consoleTreeRootP50", "2,000 memories in 50 folders: tree root shown, p50", r.treeRoot.p50, "ms");
  report.add(C, "consoleTreeFolderP50", "… two folders opened, their memories shown, p50", r.treeFolder.p50, "ms");
  report.add(C, "consoleTreeFlatP50", "2,000 memories in one folder: all shown, p50", r.treeFlat.p50, "ms");
  report.add(C, "consoleTreeFlatMax", "… max", r.treeFlat.max, "ms");
  // Page loads are CPU-bound in Chromium's renderer: on a shared 2-vCPU machine they move with its load.
  report.notes.push(`console: load average ${load.toFixed(1)} at the start of the suite, ${os.loadavg()[0]!.toFixed(1)} at its end (${os.cpus().length} vCPU)`);
});

// The ratios the issues ask for are always present in the JSON; null when not measured in this run.
const required: [string, string, Target][] = [
  ["writesVsSqlite", "engine writes ÷ sqlite", ge(1.0, "≥ 1.0×")],
  ["writesVsFdatasync", "engine writes ÷ fdatasync loop", ge(0.75, "≥ 0.75×")],
  ["diskVsGitGc", "store git dir (incl. journal + index) ÷ git gc", le(1.5, "≤ 1.5×")],
  ["httpVsEngineWrites", "HTTP updates ÷ engine-direct updates", ge(0.5, "≥ 0.5×")],
  ["filesGrepRVsPlain", "files: grep -r over 2,000 memories, cold, mount ÷ plain", le(5, "≤ 5×")],
  ["filesGrepRWarmVsPlain", "files: grep -r over 2,000 memories, warm, mount ÷ plain", le(2, "≤ 2×")],
  ["filesCpR200VsPlain", "files: cp -r of 200 files, mount ÷ plain", le(10, "≤ 10×")],
];
for (const [key, label, target] of required) if (!report.ratios.some((r) => r.key === key)) report.ratio(key, label, null, target);
const order = ["writesVsSqlite", "writesVsFdatasync", "concurrent16StoresVsSingle", "concurrentOneStoreVsSingle", "diskVsGitGc", "diskObjectsVsGitGc", "diskDataDirVsGitGc", "reopenVsOpenP50", "reopenVsOpenP95", "httpVsEngineWrites", "httpHealthVsEngineWrites"];
const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
report.ratios.sort((a, b) => rank(a.key) - rank(b.key));

const finishedAt = new Date();
const meta = {
  tool: "memgit-bench",
  schema: 1,
  quick: args.quick,
  startedAt: startedAt.toISOString(),
  durationMs: finishedAt.getTime() - startedAt.getTime(),
  machine,
  revision,
  disk: { dir: dir.root, fsType: dir.fsType, device: dir.device },
  workload: {
    description: workloadText,
    memories: workload.memories,
    directories: workload.dirs,
    contentBytes: { min: 200, max: 2000 },
    writes: workload.ops.length,
    mix: workload.counts,
    concurrent: { writers: 16, memoriesEach: scale.concMemories, writesEach: scale.concWrites },
    bigStoreVersions: scale.bigVersions,
    redact: { versions: scale.redactVersions, writers: REDACT_WRITERS },
    prune: { versions: scale.pruneVersions, old: scale.pruneOld, windowDays: 30, keep: 1, writers: PRUNE_WRITERS },
    reopen: { stores: scale.reopenStores, memoriesEach: scale.reopenMemories, maxOpenStores: REOPEN_MAX_OPEN, passes: scale.reopenPasses },
    versionPageLimit: PAGE_LIMIT,
  },
};
const table = report.table(header);
const json = report.json(meta);
if (args.out) writeFileSync(args.out, `${JSON.stringify(json, null, 2)}\n`);
if (args.json) {
  log(table);
  process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
} else {
  process.stdout.write(`\n${table}\n\nfinished in ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(1)} s\n`);
}
dir.cleanup();
