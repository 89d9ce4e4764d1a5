// Child process for the redaction figure's breakdown (suites/redact.ts). The engine has no phase
// timing hooks, so its phases are watched from outside: when the store's purge marker
// (`memgit/PURGE`, written once the new history is built) appears and goes, and when the engine
// process's child processes (`git repack`) start and end. Polls every few ms on its own clock
// (epoch ms, comparable with the parent's), one JSON line per event on stdout; on stdin's end it
// prints its own CPU time, so its cost to the measurement is visible, and exits.
import { existsSync, readdirSync, readFileSync } from "node:fs";

const [pidArg, purgePath, intervalArg] = process.argv.slice(2);
if (!pidArg || !purgePath) throw new Error("usage: redact-watch-child.ts <pid> <purge marker path> [interval ms]");
const pid = Number(pidArg);
const intervalMs = Number(intervalArg ?? 5);
const wall = () => performance.timeOrigin + performance.now();
const emit = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

/** Children of every thread of the watched process (libuv may spawn from any of them). */
function children(): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // The process or a thread went away between readdir and read: next tick sees the rest.
  }
  return out;
}

const command = (child: number) => {
  try {
    return readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "?";
  }
};

let purge = existsSync(purgePath);
// A child read right after its fork still shows the parent's command line until it execs, and an
// empty one while the exec drops the parent's copied memory (long for a parent of a few GB): its
// event waits until it shows its own command (or exits), stamped with when it was first seen.
const forked = command(pid);
const pending = new Map<number, number>();
const live = new Map<number, string>();
let ticks = 0;
let last = wall();
let maxGapMs = 0;
let first = true;
const tick = () => {
  const t = wall();
  if (first) {
    // Children already there (this watcher, tsx's esbuild service) are not the engine's work.
    for (const c of children()) live.set(c, command(c));
    first = false;
    emit({ t, event: "ready", purge });
    return;
  }
  maxGapMs = Math.max(maxGapMs, t - last);
  last = t;
  ticks++;
  const now = existsSync(purgePath);
  if (now !== purge) emit({ t, event: now ? "purge+" : "purge-" });
  purge = now;
  const seen = new Set(children());
  for (const c of seen) if (!live.has(c) && !pending.has(c)) pending.set(c, t);
  for (const [c, since] of pending) {
    const cmd = command(c);
    if ((cmd !== forked && cmd !== "" && cmd !== "?") || !seen.has(c)) {
      pending.delete(c);
      live.set(c, cmd);
      emit({ t: since, event: "child+", pid: c, cmd });
    }
  }
  for (const [c, cmd] of live) {
    if (!seen.has(c)) {
      live.delete(c);
      emit({ t, event: "child-", pid: c, cmd });
    }
  }
};
const timer = setInterval(tick, intervalMs);
process.stdin.resume();
process.stdin.on("end", () => {
  clearInterval(timer);
  const cpu = process.cpuUsage();
  emit({ t: wall(), event: "done", cpuMs: (cpu.user + cpu.system) / 1000, ticks, maxGapMs });
  process.exit(0);
});
