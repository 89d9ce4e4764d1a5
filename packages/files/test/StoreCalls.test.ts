// StoreCalls alone, over a scripted StoreClient: when a write is sent, and how an unknown
// outcome is settled (decision 0023). The mount's tests cover the same through a real kernel
// mount and server (test/files/deadline.test.ts); these pin the branches a real server rarely takes.
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type { CallOptions, MemoryEntry, StoreClient, VersionEntry } from "../src/client/StoreClient.ts";
import { StoreClientError } from "../src/client/StoreClientError.ts";
import { StoreCalls } from "../src/fuse/StoreCalls.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const entry = (content: string, path = "/a.md"): MemoryEntry => ({
  id: "mem_1",
  path,
  sha256: sha(content),
  size: content.length,
  updatedAt: "2026-12-01T00:00:00Z",
  versionId: `memver_${sha(content).slice(0, 8)}`,
});
const version = (content: string | null, path = "/a.md"): VersionEntry => ({
  id: `memver_${content}`,
  operation: content === null ? "deleted" : "modified",
  sha256: content === null ? null : sha(content),
  path,
  createdAt: "2026-12-01T00:00:00Z",
});

const lost = () => new StoreClientError("unavailable", "connection dropped", { maybeApplied: true });
const serverError = () => new StoreClientError("unavailable", "internal", { maybeApplied: true, status: 500 });
const refused = (code: "precondition_failed" | "not_found" | "path_conflict", status: number) => new StoreClientError(code, code, { status });
/** A call that never answers: it ends only when its signal aborts, as the HTTP client does. */
const silent = (o?: CallOptions) =>
  new Promise<never>((_, reject) =>
    o?.signal?.addEventListener("abort", () => reject(new StoreClientError("timeout", "aborted", { maybeApplied: true }))),
  );

function client(script: Partial<StoreClient>): StoreClient {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected ${name}`));
  return {
    store: vi.fn(async () => ({ id: "memstore_1", name: "S", description: "" })),
    list: vi.fn(unexpected("list")),
    read: vi.fn(unexpected("read")),
    create: vi.fn(unexpected("create")),
    update: vi.fn(unexpected("update")),
    remove: vi.fn(unexpected("remove")),
    ...script,
  };
}

const calls = (c: StoreClient, deadlineMs = 5000) => {
  const notices: string[] = [];
  const sc = new StoreCalls("memstore_1", c, { deadlineMs, notice: (m) => notices.push(m) });
  sc.beginWrite();
  return { sc, notices };
};

describe("before sending", () => {
  it("a server that does not answer the probe fails the write with ETIMEDOUT, and the write is never sent", async () => {
    const c = client({ store: vi.fn((_id: string, o?: CallOptions) => silent(o)), create: vi.fn(async () => entry("x")) });
    const { sc } = calls(c, 50);
    await expect(sc.create("/a.md", "x")).rejects.toMatchObject({ code: "timeout" });
    expect(c.create).not.toHaveBeenCalled();
  });

  it("a refusal of the probe still shows the server answers: the write goes out", async () => {
    const c = client({ store: vi.fn(() => Promise.reject(refused("not_found", 404))), create: vi.fn(async () => entry("x")) });
    await expect(calls(c).sc.create("/a.md", "x")).resolves.toMatchObject({ sha256: sha("x") });
  });
});

describe("an unknown outcome is settled before answering", () => {
  it("a create whose answer was lost is sent again; the resend's answer settles it", async () => {
    const c = client({ create: vi.fn().mockRejectedValueOnce(lost()).mockResolvedValueOnce(entry("x")) });
    const { sc, notices } = calls(c);
    await expect(sc.create("/a.md", "x")).resolves.toMatchObject({ sha256: sha("x") });
    expect(c.create).toHaveBeenCalledTimes(2);
    expect(notices).toEqual(["creating /a.md: the server has not confirmed it; the call waits until it does"]);
  });

  it("an update that landed and was then overwritten by someone else is done, not EBUSY", async () => {
    const c = client({
      update: vi.fn().mockRejectedValueOnce(lost()).mockRejectedValueOnce(refused("precondition_failed", 409)),
      read: vi.fn(async () => ({ entry: entry("theirs"), content: "theirs" })),
      history: vi.fn(async () => [version("theirs"), version("mine"), version("base")]),
    });
    const done = await calls(c).sc.update("mem_1", { content: "mine" }, sha("base"), "/a.md");
    expect(done).toMatchObject({ sha256: sha("mine"), versionId: "memver_mine" });
  });

  it("an update that never landed is refused as the server says (EBUSY)", async () => {
    const c = client({
      update: vi.fn().mockRejectedValueOnce(lost()).mockRejectedValueOnce(refused("precondition_failed", 409)),
      read: vi.fn(async () => ({ entry: entry("theirs"), content: "theirs" })),
      history: vi.fn(async () => [version("theirs"), version("base"), version("mine")]),
    });
    await expect(calls(c).sc.update("mem_1", { content: "mine" }, sha("base"), "/a.md")).rejects.toMatchObject({ code: "precondition_failed" });
  });

  it("a delete whose resend finds the memory gone was applied", async () => {
    const c = client({
      remove: vi.fn().mockRejectedValueOnce(lost()).mockRejectedValueOnce(refused("not_found", 404)),
      read: vi.fn(() => Promise.reject(refused("not_found", 404))),
    });
    await expect(calls(c).sc.remove("mem_1", sha("base"), "/a.md")).resolves.toBeUndefined();
  });

  it("after three answered 5xx nothing is in flight: the store's state decides (not applied → EIO)", async () => {
    const c = client({ remove: vi.fn(() => Promise.reject(serverError())), read: vi.fn(async () => ({ entry: entry("base"), content: "base" })) });
    await expect(calls(c).sc.remove("mem_1", sha("base"), "/a.md")).rejects.toMatchObject({ code: "unavailable", status: 500 });
    expect(c.remove).toHaveBeenCalledTimes(3);
  });

  it("unmounting past its grace ends the wait with EIO (the outcome stays unknown)", async () => {
    const c = client({ create: vi.fn(() => Promise.reject(lost())) });
    const { sc, notices } = calls(c);
    const pending = sc.create("/a.md", "x");
    await vi.waitFor(() => expect(c.create).toHaveBeenCalledTimes(2));
    sc.abandon();
    await expect(pending).rejects.toMatchObject({ code: "unavailable", maybeApplied: true });
    expect(notices.at(-1)).toBe("creating /a.md: unmounted before the server confirmed it; it may still be applied");
  });
});
