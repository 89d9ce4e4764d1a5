// When the Pusher pushes (docs/decisions/0052), with a stand-in push and fake timers: writes
// coalesce into one push within the debounce, a write during a push gets one more, failures
// back off exponentially up to a cap, and a push on demand waits for the running one.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Pusher } from "../src/backup/Pusher.ts";
import { PushFailedError, type Pushed } from "../src/backup/pushToRemote.ts";
import { RemoteStore } from "../src/backup/RemoteStore.ts";

const STORE = "memstore_pusher";
let remotes: RemoteStore;
let calls: number[];
let outcomes: Array<"ok" | "fail" | Promise<void>>;
let pusher: Pusher;

beforeEach(() => {
  vi.useFakeTimers();
  remotes = new RemoteStore(new Database(":memory:"));
  remotes.add(STORE, "r", { kind: "path", path: "/backups/r.git" }, new Date(0));
  calls = [];
  outcomes = [];
  pusher = new Pusher({
    remotes,
    push: async (): Promise<Pushed> => {
      calls.push(Date.now());
      const outcome = outcomes.shift() ?? "ok";
      if (outcome instanceof Promise) await outcome;
      else if (outcome === "fail") throw new PushFailedError("remote down");
      return { main: "a".repeat(40), version: `memver_${"a".repeat(40)}` };
    },
    debounceMs: 1_000,
    backoffMs: 100,
    maxBackoffMs: 400,
    concurrency: 1,
    clock: () => Date.now(),
    onFailure: () => undefined,
  });
});
afterEach(async () => {
  await pusher.close();
  vi.useRealTimers();
});

describe("Pusher", () => {
  it("pushes once for a burst of writes, at most the debounce after the first", async () => {
    const start = Date.now();
    pusher.changed(STORE);
    await vi.advanceTimersByTimeAsync(600);
    pusher.changed(STORE);
    pusher.changed(STORE);
    expect(pusher.state(STORE, "r")).toBe("scheduled");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls.map((t) => t - start)).toEqual([1_000]);
    expect(pusher.state(STORE, "r")).toBe("idle");
    expect(remotes.get(STORE, "r")!.lastSuccessAt).not.toBeNull();
  });

  it("a write during a push gets one more push after it", async () => {
    let finish!: () => void;
    outcomes.push(new Promise<void>((resolve) => (finish = resolve)));
    pusher.changed(STORE);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pusher.state(STORE, "r")).toBe("pushing");
    pusher.changed(STORE);
    pusher.changed(STORE);
    finish();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
  });

  it("failures retry after 100, 200, 400, 400 ms; writes meanwhile add no push; success ends it", async () => {
    outcomes.push("fail", "fail", "fail", "fail");
    pusher.changed(STORE);
    await vi.advanceTimersByTimeAsync(1_000);
    const first = Date.now();
    pusher.changed(STORE);
    expect(pusher.state(STORE, "r")).toBe("retrying");
    expect(remotes.get(STORE, "r")!.lastError).toBe("remote down");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.map((t) => t - first)).toEqual([0, 100, 300, 700, 1_100]);
    expect(remotes.get(STORE, "r")!.lastError).toBeNull();
    expect(pusher.state(STORE, "r")).toBe("idle");
  });

  it("a push on demand skips the wait, and follows a push already running", async () => {
    let finish!: () => void;
    outcomes.push(new Promise<void>((resolve) => (finish = resolve)), "fail");
    pusher.changed(STORE);
    await vi.advanceTimersByTimeAsync(1_000);
    const now = pusher.pushNow(STORE, "r");
    finish();
    await expect(now).rejects.toThrow("remote down");
    expect(calls).toHaveLength(2);
    const ok = await pusher.pushNow(STORE, "r");
    expect(ok.lastError).toBeNull();
  });

  it("a removed remote is pushed no more", async () => {
    pusher.changed(STORE);
    pusher.forget(STORE, "r");
    remotes.remove(STORE, "r");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual([]);
  });
});
