// Runs bench/redact-watch-child.ts beside a redaction and turns its events into phases (the engine
// has no timing hooks; this is what can be seen from outside: the purge marker and `git repack`).
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export interface WatchEvent {
  /** Epoch ms, on the same clock as `wallMs()`. */
  t: number;
  event: "ready" | "purge+" | "purge-" | "child+" | "child-" | "done";
  pid?: number;
  cmd?: string;
  cpuMs?: number;
  ticks?: number;
  maxGapMs?: number;
}

export interface Watched {
  events: WatchEvent[];
  /** The watcher's own CPU time and its longest gap between two polls (its resolution). */
  cpuMs: number;
  maxGapMs: number;
}

/** Epoch milliseconds with sub-ms resolution; comparable across processes. */
export const wallMs = () => performance.timeOrigin + performance.now();

/** Starts watching this process's children and `purgePath`; resolves once the watcher polls. */
export async function watchPhases(purgePath: string): Promise<{ stop(): Promise<Watched> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "..", "redact-watch-child.ts"), String(process.pid), purgePath], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const events: WatchEvent[] = [];
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`phase watcher exited ${code}`))));
  });
  await new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => {
      const e = JSON.parse(line) as WatchEvent;
      events.push(e);
      if (e.event === "ready") resolve();
    });
    exited.then(() => reject(new Error("phase watcher exited before it was ready")), reject);
  });
  return {
    async stop() {
      child.stdin.end();
      await exited;
      const done = events.find((e) => e.event === "done");
      return { events, cpuMs: done?.cpuMs ?? Number.NaN, maxGapMs: done?.maxGapMs ?? Number.NaN };
    },
  };
}

export interface RedactionPhases {
  /** Call → purge marker written: waiting for writes in flight, building the new history in memory. */
  buildMs: number | null;
  /** Marker → `git repack` starts: the new objects written as a pack, refs moved, index rows applied. */
  writeMs: number | null;
  /** `git repack -a -d` (every pack replaced by one of the reachable objects). */
  repackMs: number | null;
  /** Repack ends → marker removed: journal files cut back, index vacuumed. */
  scrubMs: number | null;
  /** Marker removed → the call returns. */
  tailMs: number | null;
  /** Child processes that ran during the call, with when they started and ended (ms from the call; null: not seen). */
  children: ChildSpan[];
}

export interface ChildSpan {
  cmd: string;
  fromMs: number;
  toMs: number | null;
}

/** Phases of one redaction call that ran from `t0` to `t1` (wallMs). Null where an event was not seen. */
export function redactionPhases(events: readonly WatchEvent[], t0: number, t1: number): RedactionPhases {
  // Sorted: the watcher stamps a child with when it was first seen but reports it once it has exec'd.
  const inCall = events.filter((e) => e.t >= t0 && e.t <= t1 + 50).sort((a, b) => a.t - b.t);
  const first = (pred: (e: WatchEvent) => boolean, after: number | null) => (after === null ? null : (inCall.find((e) => e.t >= after && pred(e))?.t ?? null));
  const marked = first((e) => e.event === "purge+", t0);
  const isRepack = (e: WatchEvent) => / repack( |$)/.test(e.cmd ?? "");
  const repackStart = first((e) => e.event === "child+" && isRepack(e), marked);
  const repackEnd = first((e) => e.event === "child-" && isRepack(e), repackStart);
  const unmarked = first((e) => e.event === "purge-", repackEnd ?? marked);
  const span = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
  return {
    buildMs: span(t0, marked),
    writeMs: span(marked, repackStart),
    repackMs: span(repackStart, repackEnd),
    scrubMs: span(repackEnd, unmarked),
    tailMs: span(unmarked, unmarked === null ? null : t1),
    children: childSpans(events, t0, t1),
  };
}

/** Children alive at some point between t0 and t1, from the watcher's start/end events. */
function childSpans(events: readonly WatchEvent[], t0: number, t1: number): ChildSpan[] {
  const spans: ChildSpan[] = [];
  for (const start of events) {
    if (start.event !== "child+") continue;
    const end = events.find((e) => e.event === "child-" && e.pid === start.pid);
    if (start.t > t1 || (end && end.t < t0)) continue;
    spans.push({ cmd: start.cmd ?? "?", fromMs: start.t - t0, toMs: end ? end.t - t0 : null });
  }
  return spans.sort((a, b) => a.fromMs - b.fromMs);
}

/** Child spans as one line for a report note: "0.05–0.24 git … ; 0.96–1.57 git …" (s from the call). */
export function describeChildren(children: readonly ChildSpan[]): string {
  const s = (ms: number | null) => (ms === null ? "?" : (ms / 1000).toFixed(2));
  return children.map((c) => `${s(c.fromMs)}–${s(c.toMs)} ${c.cmd}`).join("; ") || "none";
}
