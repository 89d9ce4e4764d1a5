// The data directory lock (docs/decisions/0006-data-dir-lock.md): a kernel lock, so a dead
// holder never blocks, and a live one, in this process or another, always does. The PID
// namespace cases are in test/engine/dataDirLock.test.ts.
import { afterEach, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Memgit } from "../src/index.ts";
import { acquireLock } from "../src/storage/dataDirLock.ts";

const lockModule = new URL("../src/storage/dataDirLock.ts", import.meta.url).pathname;
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill("SIGKILL")));

const lockPath = () => join(mkdtempSync(join(tmpdir(), "memgit-lock-")), "memgit.lock");

/**
 * Another process tries the lock: resolves "held" (it keeps holding) or its error's JSON. It
 * drops the unlock function and collects garbage first: the lock must outlive both.
 */
function lockInChild(path: string): Promise<{ child: ChildProcess; said: string }> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "-e", `
    import { acquireLock } from ${JSON.stringify(lockModule)};
    try { acquireLock(${JSON.stringify(path)}); gc(); console.log("held"); setInterval(() => {}, 1 << 30); }
    catch (e) { console.log(JSON.stringify(e.toJSON ? e.toJSON() : String(e))); process.exit(3); }
  `], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve({ child, said: out.trim() });
    });
  });
}

it("refuses a second holder in the same process until the first unlocks", () => {
  const path = lockPath();
  const unlock = acquireLock(path);
  expect(() => acquireLock(path)).toThrow(expect.objectContaining({ code: "StoreLocked", data: { path, pid: process.pid } }));
  unlock();
  unlock();
  acquireLock(path)();
});

it("keeps refusing other processes after refusing one in its own", async () => {
  const path = lockPath();
  const unlock = acquireLock(path);
  try {
    expect(() => acquireLock(path)).toThrow(expect.objectContaining({ code: "StoreLocked" }));
    const { said } = await lockInChild(path);
    expect(JSON.parse(said)).toMatchObject({ code: "StoreLocked", data: { pid: process.pid } });
  } finally {
    unlock();
  }
});

it("names the pid of a holder in another process, and is free once it is killed", async () => {
  const path = lockPath();
  const { child, said } = await lockInChild(path);
  expect(said).toBe("held");
  expect(() => acquireLock(path)).toThrow(expect.objectContaining({ code: "StoreLocked", data: { path, pid: child.pid } }));
  child.kill("SIGKILL");
  await new Promise((r) => child.on("exit", r));
  acquireLock(path)();
});

it("takes over the pid file an earlier memgit left, whatever pid it names", () => {
  const path = lockPath();
  // PID 1 is alive in every namespace: what a crashed containerised server leaves behind.
  writeFileSync(path, "1\n");
  acquireLock(path)();
});

it("lets one Memgit at a time open a data directory, and the next one after close", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "memgit-lock-"));
  const first = await Memgit.open({ dataDir });
  await expect(Memgit.open({ dataDir })).rejects.toMatchObject({ code: "StoreLocked" });
  await first.close();
  await (await Memgit.open({ dataDir })).close();
});
