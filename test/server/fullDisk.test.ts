// A full disk is an error, not a crash (issue 9 item 8): the real server on a 12 MB tmpfs,
// driven with the official SDK until the disk fills. Writes then fail with 507 and change
// nothing, reads go on, the process lives, and once space returns writes succeed again with
// no restart. Needs root for the mount (CI runs as root).
import Anthropic from "@anthropic-ai/sdk";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveProcess, type ServeProcess } from "../helpers/serveProcess.ts";

const KEY = "sk-memgit-full-disk-test-0001";
const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot)("a full disk", () => {
  let mountPoint: string;
  let server: ServeProcess;
  let client: Anthropic;

  beforeAll(async () => {
    mountPoint = mkdtempSync(join(tmpdir(), "memgit-tmpfs-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=12m", "tmpfs", mountPoint]);
    // Room the operator can give back later.
    writeFileSync(join(mountPoint, "ballast"), Buffer.alloc(3 << 20, 1));
    server = await serveProcess(join(mountPoint, "data"), { MEMGIT_BOOTSTRAP_KEY: KEY });
    // maxRetries 0: every refusal is seen as it is.
    client = new Anthropic({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await server?.stop();
    execFileSync("umount", ["-l", mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it("refuses writes with 507 and keeps serving; writes resume once space returns", async () => {
    const memories = client.beta.memoryStores.memories;
    const store = await client.beta.memoryStores.create({ name: "full" });
    const content = (i: number) => `${i} `.repeat(50_000).slice(0, 100_000);
    const acked: Array<{ id: string; i: number }> = [];
    let refusal: InstanceType<typeof Anthropic.APIError> | null = null;
    for (let i = 0; i < 400 && !refusal; i++) {
      try {
        acked.push({ id: (await memories.create(store.id, { path: `/m/${i}.md`, content: content(i) })).id, i });
      } catch (err) {
        if (!(err instanceof Anthropic.APIError)) throw err;
        refusal = err;
      }
    }
    expect(refusal, "the disk never filled").not.toBeNull();
    expect(refusal!.status).toBe(507);
    expect(refusal!.error).toMatchObject({ type: "error", error: { type: "api_error", message: expect.stringMatching(/no space left/) } });
    expect(acked.length).toBeGreaterThan(10);

    // More refusals while full: each changes nothing, and the process stays up.
    for (let i = 0; i < 5; i++) {
      await expect(memories.create(store.id, { path: `/full/${i}.md`, content: content(i) })).rejects.toMatchObject({ status: 507 });
    }
    expect(server.child.exitCode).toBeNull();

    // Reads go on.
    const listed = [];
    for await (const m of memories.list(store.id, { path_prefix: "/" })) listed.push(m);
    expect(listed.filter((m) => m.type === "memory").map((m) => m.path).sort()).toEqual(acked.map((a) => `/m/${a.i}.md`).sort());
    const last = acked[acked.length - 1]!;
    expect((await memories.retrieve(last.id, { memory_store_id: store.id, view: "full" })).content).toBe(content(last.i));

    // Space returns (the operator removes the ballast): writes succeed again, no restart.
    rmSync(join(mountPoint, "ballast"));
    const after = await memories.create(store.id, { path: "/after.md", content: "space is back" });
    expect((await memories.retrieve(after.id, { memory_store_id: store.id, view: "full" })).content).toBe("space is back");
    expect(server.child.exitCode).toBeNull();

    // Everything acknowledged is still there after a restart (with room to start), and git agrees.
    expect(await server.stop()).toBe(0);
    execFileSync("mount", ["-o", "remount,size=64m", mountPoint]);
    server = await serveProcess(join(mountPoint, "data"), { MEMGIT_BOOTSTRAP_KEY: KEY });
    client = new Anthropic({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
    const again = [];
    for await (const m of client.beta.memoryStores.memories.list(store.id, { path_prefix: "/" })) again.push(m.path);
    expect(again.sort()).toEqual([...acked.map((a) => `/m/${a.i}.md`), "/after.md"].sort());
    execFileSync("git", ["--git-dir", join(mountPoint, "data", "stores", `${store.id}.git`), "fsck", "--full", "--strict"], { stdio: "pipe" });
  }, 120_000);
});
