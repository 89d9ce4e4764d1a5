// One writer per data directory, and a crashed writer never keeps the directory locked
// (issue 9 item 1): in a container the server is PID 1 of its own PID namespace, so the pid of
// a dead holder is also the pid of its successor, and a killed holder may linger as a zombie.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const holder = new URL("./fixtures/holdDataDir.ts", import.meta.url).pathname;
const canUnshare = spawnSync("unshare", ["--pid", "--fork", "--mount-proc", "true"]).status === 0;

interface Run {
  /** The `unshare` process; the holder is its only child, PID 1 of the new namespace. */
  unshare: ChildProcess;
  /** "open", or the error code of the refusal. */
  outcome: Promise<string>;
  exited: Promise<void>;
}

/** Starts the holder as PID 1 of a fresh PID namespace, as `docker run` does. */
function startInNamespace(dataDir: string): Run {
  // --kill-child: a failed test leaves no holder behind (stop()).
  const unshare = spawn("unshare", ["--pid", "--fork", "--mount-proc", "--kill-child", process.execPath, "--import", "tsx", holder, dataDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => unshare.on("exit", () => resolve()));
  const outcome = new Promise<string>((resolve, reject) => {
    let out = "";
    unshare.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.trim());
    });
    void exited.then(() => reject(new Error(`holder exited without a word: ${JSON.stringify(out)}`)));
  });
  return { unshare, outcome, exited };
}

async function stop(run: Run): Promise<void> {
  run.unshare.kill("SIGKILL");
  await run.exited;
}

/** The holder's pid as seen from here (it is 1 only inside its namespace). */
function holderPid(run: Run): number {
  const pid = run.unshare.pid!;
  return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ")[0]);
}

function processState(pid: number): string | null {
  try {
    // Fields after the parenthesised command name: state is the first.
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]![0]!;
  } catch {
    return null;
  }
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 10));
}

/** Starts a holder, lets `between` act on it, then starts a second one: its outcome. */
async function startTwice(between: (first: Run) => Promise<void> = async () => undefined): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), "memgit-lock-"));
  const first = startInNamespace(dataDir);
  let second: Run | undefined;
  try {
    expect(await first.outcome).toBe("open");
    await between(first);
    second = startInNamespace(dataDir);
    return await second.outcome;
  } finally {
    await stop(first);
    if (second) await stop(second);
  }
}

describe.skipIf(!canUnshare)("data directory lock across PID namespaces", () => {
  it("restarts after its PID 1 holder is killed with SIGKILL, round after round", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-lock-"));
    for (let round = 0; round < 3; round++) {
      const run = startInNamespace(dataDir);
      try {
        expect(await run.outcome).toBe("open");
        process.kill(holderPid(run), "SIGKILL");
        await run.exited;
      } finally {
        await stop(run);
      }
    }
  });

  it("restarts while the killed holder is still an unreaped zombie", async () => {
    const second = await startTwice(async (first) => {
      const pid = holderPid(first);
      // A stopped parent cannot reap: the holder stays a zombie for as long as we like.
      first.unshare.kill("SIGSTOP");
      process.kill(pid, "SIGKILL");
      await until(() => processState(pid) === "Z");
    });
    expect(second).toBe("open");
  });

  it("refuses a second live process, in another PID namespace", async () => {
    expect(await startTwice()).toBe("StoreLocked");
  });
});
