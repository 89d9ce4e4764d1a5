// Redaction on a big store (issue 11): redacting the very first version of an N-version store
// rewrites every commit after it and repacks the store, with the store's writes held meanwhile.
// Measured end to end with writers writing to the same store the whole time; then every
// acknowledged write is read back (before and after a reopen), `git fsck --full --strict` runs,
// and the redacted content's marker is looked for in every git object and every raw file.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { BackgroundWriters, lostWrites } from "../lib/backgroundWriters.ts";
import { countFiles, du } from "../lib/disk.ts";
import { actor, benchLimits, type Engine, type EngineModule } from "../lib/engine.ts";
import { countInObjects, filesContaining, fsck, type Fsck } from "../lib/gitScan.ts";
import { redactionPhases, wallMs, watchPhases, type RedactionPhases } from "../lib/phaseWatch.ts";
import { Recorder, summarize, timeOnce, type LatencySummary } from "../lib/stats.ts";
import { buildBigStore, type Log } from "./engine.ts";

export interface RedactOptions {
  /** Versions in the store before the redaction, the redacted one included. */
  versions: number;
  memories: number;
  /** Concurrent background writers on the same store. */
  writers: number;
}

export interface RedactResult {
  versions: number;
  build: Recorder;
  /** The redactVersion call, from the call to its answer. */
  redactMs: number;
  phases: RedactionPhases;
  watcher: { cpuMs: number; maxGapMs: number };
  writes: {
    /** Acknowledged before, during and after the call (writers ran across all three). */
    acked: number;
    /** Acknowledged while the call ran (from its start to its answer). */
    ackedDuring: number;
    /** Called while the call ran: each waited for it. */
    startedDuring: number;
    /** Latency of every background write, from its call to its acknowledgement. */
    latency: LatencySummary;
    errors: string[];
    lostInProcess: string[];
    lostAfterReopen: string[];
  };
  fsck: Fsck;
  marker: { objectsBefore: number; objectsAfter: number; filesAfter: string[]; scanMs: number; scannedBytes: number };
  disk: { gitDirBytesBefore: number; gitDirBytesAfter: number; filesBefore: number; filesAfter: number };
  closeMs: number;
  reopenMs: number;
}

/** Lets writers run this long after the redaction returns: their queued writes must land too. */
const AFTER_MS = 500;

interface Prepared {
  storeId: string;
  gitDir: string;
  /** The version to redact: the store's first, whose content holds the marker. */
  target: string;
  build: Recorder;
  objectsBefore: number;
  gitDirBytesBefore: number;
  filesBefore: number;
}

/** The store: a first version holding the marker, superseded; then the big-store builder to N versions; flushed. */
async function prepare(mg: Engine, o: RedactOptions, marker: string, log: Log): Promise<Prepared> {
  const storeId = (await mg.createStore({ name: "bench redact" })).id;
  const first = await mg.createMemory(storeId, { path: "/redact/first.md", content: `first version, to be redacted: ${marker}\n`, actor });
  await mg.updateMemory(storeId, first.memory.id, { content: "second version: nothing to redact here\n", actor });
  const { build } = await buildBigStore(mg, storeId, { memories: o.memories, versions: o.versions - 2 }, log);
  await mg.flush(storeId);
  const target = await oldestRedactable(mg, storeId, first.memory.id);
  if (target !== first.version?.id) throw new Error(`the oldest redactable version is ${target}, not the first write`);
  const gitDir = (await mg.gitDir(storeId)) ?? "";
  if (!gitDir) throw new Error("gitDir() returned null for an on-disk store");
  log("redact: looking for the marker in every git object before the redaction (the check must be able to fail)…");
  const before = await countInObjects(gitDir, marker);
  if (before.count === 0) throw new Error("the marker is not in the store's objects before the redaction: the check could not fail");
  return { storeId, gitDir, target, build, objectsBefore: before.count, gitDirBytesBefore: du(gitDir).bytes, filesBefore: countFiles(gitDir) };
}

/** The redaction, timed from the call to its answer, with writers writing to the store before, during and after it. */
async function redactUnderWrites(mg: Engine, p: Prepared, o: RedactOptions, log: Log) {
  const watch = await watchPhases(path.join(p.gitDir, "memgit", "PURGE"));
  const writers = new BackgroundWriters(mg, p.storeId, o.writers);
  let t0 = 0;
  let t1 = 0;
  writers.start();
  try {
    await writers.ackedMore(50);
    log(`redact: redactVersion of the first of ${o.versions.toLocaleString()} versions, ${o.writers} writers writing…`);
    t0 = wallMs();
    const v = await mg.redactVersion!(p.storeId, p.target, actor);
    t1 = wallMs();
    if (v.redactedAt === null) throw new Error("redactVersion returned a version that is not redacted");
    await new Promise((res) => setTimeout(res, AFTER_MS));
    await writers.ackedMore(20);
  } finally {
    await writers.stop();
  }
  const watched = await watch.stop();
  log(`redact: ${((t1 - t0) / 1000).toFixed(2)} s; reading back ${writers.acked.length.toLocaleString()} acknowledged writes…`);
  const phases = redactionPhases(watched.events, t0, t1);
  const lostInProcess = await lostWrites(mg, p.storeId, writers.acked);
  const gone = await mg.getVersion!(p.storeId, p.target, { view: "full" });
  if (gone.content !== null) throw new Error("the redacted version still has content");
  return {
    redactMs: t1 - t0,
    phases: { ...phases, children: phases.children.map((c) => ({ ...c, cmd: c.cmd.replaceAll(p.gitDir, "<store>") })) },
    watcher: { cpuMs: watched.cpuMs, maxGapMs: watched.maxGapMs },
    writes: {
      acked: writers.acked.length,
      ackedDuring: writers.acked.filter((w) => w.ackedAt >= t0 && w.ackedAt <= t1).length,
      startedDuring: writers.acked.filter((w) => w.startedAt >= t0 && w.startedAt <= t1).length,
      latency: summarize(writers.acked.map((w) => w.ackedAt - w.startedAt)),
      errors: writers.errors,
      lostInProcess,
    },
    acked: writers.acked,
  };
}

export async function runRedact(mod: EngineModule, dataDir: string, o: RedactOptions, log: Log): Promise<RedactResult> {
  const limits = benchLimits(mod);
  const mg = await mod.Memgit.open({ dataDir, limits });
  if (!mg.redactVersion || !mg.getVersion) {
    await mg.close();
    throw new Error("this engine build has no redactVersion/getVersion");
  }
  const marker = `redact-bench-marker-${randomBytes(12).toString("hex")}`;
  let p: Prepared;
  let run: Awaited<ReturnType<typeof redactUnderWrites>>;
  try {
    p = await prepare(mg, o, marker, log);
    run = await redactUnderWrites(mg, p, o, log);
  } catch (e) {
    await mg.close();
    throw e;
  }
  const closed = await timeOnce(() => mg.close());
  const reopened = await timeOnce(() => mod.Memgit.open({ dataDir, limits }));
  let lostAfterReopen: string[];
  try {
    lostAfterReopen = await lostWrites(reopened.value, p.storeId, run.acked);
  } finally {
    await reopened.value.close();
  }

  log("redact: git fsck --full --strict, then the marker in every object and every file…");
  const checked = await fsck(p.gitDir);
  const after = await countInObjects(p.gitDir, marker);
  const files = await filesContaining(dataDir, marker);
  return {
    versions: o.versions,
    build: p.build,
    redactMs: run.redactMs,
    phases: run.phases,
    watcher: run.watcher,
    writes: { ...run.writes, lostAfterReopen },
    fsck: checked,
    marker: { objectsBefore: p.objectsBefore, objectsAfter: after.count, filesAfter: files.map((f) => path.relative(dataDir, f)), scanMs: after.ms, scannedBytes: after.bytes },
    disk: { gitDirBytesBefore: p.gitDirBytesBefore, gitDirBytesAfter: du(p.gitDir).bytes, filesBefore: p.filesBefore, filesAfter: countFiles(p.gitDir) },
    closeMs: closed.ms,
    reopenMs: reopened.ms,
  };
}

/**
 * The oldest version whose memory's head is another version: the store's oldest version (nothing
 * at or before its time), checked to be superseded.
 */
async function oldestRedactable(mg: Engine, storeId: string, memoryId: string): Promise<string> {
  const history = await mg.listVersions(storeId, { memoryId, limit: 100 });
  const oldest = history.items[history.items.length - 1];
  if (!oldest || history.nextCursor !== null) throw new Error("the first memory's history is not one short page");
  const v = await mg.getVersion!(storeId, oldest.id);
  const atOrBefore = await mg.listVersions(storeId, { createdAtLte: v.createdAt, limit: 2 });
  if (atOrBefore.items.length !== 1 || atOrBefore.items[0]?.id !== oldest.id) throw new Error("the first memory's first version is not the store's oldest");
  if (history.items[0]?.id === oldest.id) throw new Error("the store's oldest version is its memory's head: not redactable");
  return oldest.id;
}
