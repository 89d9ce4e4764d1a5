// A session's stores through the mount and through sync, with the session token: writes are
// versions by session_actor, read_only attachments refuse writes, sync follows §12.3.
import Anthropic from "@anthropic-ai/sdk";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpStoreClient, mount, sessionStores, startSync } from "@memgit/files";
import { byPath, py, sh, startStack, versions, type Stack } from "./stack.ts";

let stack: Stack;
let rw: string;
let ro: string;
let sessionId: string;
let worker: Anthropic;

beforeAll(async () => {
  stack = await startStack();
  rw = await stack.newStore("Agent Notes");
  ro = await stack.newStore("Team Handbook");
  await stack.sdk.beta.memoryStores.memories.create(ro, { path: "/rules.md", content: "be kind\n" });
  const session = await stack.sdk.beta.sessions.create({
    agent: "agent_files",
    environment_id: "env_files",
    resources: [
      { type: "memory_store", memory_store_id: rw },
      { type: "memory_store", memory_store_id: ro, access: "read_only" },
    ],
  });
  sessionId = session.id;
  const res = await fetch(`${stack.url}/v1/sessions/${sessionId}/tokens`, {
    method: "POST",
    headers: { "x-api-key": stack.key, "anthropic-beta": "managed-agents-2026-04-01" },
  });
  const token = ((await res.json()) as { token: string }).token;
  worker = new Anthropic({ apiKey: token, baseURL: stack.url, maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
});

describe("mount --session", () => {
  it("mounts each attached store at its slug; writes are session_actor; read_only refuses with EROFS", async () => {
    const attached = await sessionStores(worker, sessionId);
    expect(attached.map((s) => [s.slug, s.readOnly])).toEqual([["agent-notes", false], ["team-handbook", true]]);
    const dir = join(stack.tmp, "session-mnt");
    await sh(`mkdir -p ${dir}`, "/");
    const m = await mount({ dir, client: httpStoreClient(worker), stores: attached.map((s) => ({ id: s.id, slug: s.slug, readOnly: s.readOnly })) });
    try {
      expect((await sh("echo remember > fact.md && cat ../team-handbook/rules.md", join(dir, "agent-notes"))).stdout).toBe("be kind\n");
      const fact = await byPath(stack.sdk, rw, "/fact.md");
      const [v] = await versions(stack.sdk, rw, { memory_id: fact!.id });
      expect(v?.created_by).toEqual({ type: "session_actor", session_id: sessionId });
      const r = await py("import errno\ntry:\n    open('rules.md', 'a').close()\nexcept OSError as e:\n    print(errno.errorcode[e.errno])", join(dir, "team-handbook"));
      expect(r.stdout).toBe("EROFS\n");
    } finally {
      await m.unmount();
    }
  });
});

describe("sync --session (the SDK's SessionMemoryStores)", () => {
  it("pulls, pushes, lets the store win conflicts, never pushes read_only, deletes after the final sync", async () => {
    const dir = join(stack.tmp, "session-sync");
    const attached = await sessionStores(worker, sessionId);
    const sync = await startSync({ sdk: worker, stores: attached, dir });
    const [notes, handbook] = sync.roots as [string, string];
    expect(await readFile(join(handbook, "rules.md"), "utf8")).toBe("be kind\n");
    expect(await readFile(join(notes, "fact.md"), "utf8")).toBe("remember\n");

    // local-only change → pushed as session_actor
    await writeFile(join(notes, "new.md"), "local\n");
    // both changed → the store wins
    const fact = await byPath(stack.sdk, rw, "/fact.md");
    await stack.sdk.beta.memoryStores.memories.update(fact!.id, { memory_store_id: rw, content: "remote wins\n" });
    await writeFile(join(notes, "fact.md"), "local loses\n");
    // read_only: local edits stay local
    await writeFile(join(handbook, "rules.md"), "be unkind\n");
    await sync.syncNow();

    const pushed = await byPath(stack.sdk, rw, "/new.md");
    expect(pushed?.content).toBe("local\n");
    expect((await versions(stack.sdk, rw, { memory_id: pushed!.id }))[0]?.created_by).toEqual({ type: "session_actor", session_id: sessionId });
    expect((await byPath(stack.sdk, rw, "/fact.md"))?.content).toBe("remote wins\n");
    expect(await readFile(join(notes, "fact.md"), "utf8")).toBe("remote wins\n");
    expect((await byPath(stack.sdk, ro, "/rules.md"))?.content).toBe("be kind\n");

    // remote delete → local file removed
    await stack.sdk.beta.memoryStores.memories.delete(pushed!.id, { memory_store_id: rw });
    await sync.syncNow();
    expect(existsSync(join(notes, "new.md"))).toBe(false);

    // local delete → reaches the store only at the corroborated (final) sync
    await rm(join(notes, "fact.md"));
    await sync.syncNow();
    expect(await byPath(stack.sdk, rw, "/fact.md")).toBeDefined();
    await sync.finish();
    expect(await byPath(stack.sdk, rw, "/fact.md")).toBeUndefined();
    expect(existsSync(notes)).toBe(false);
  });

  it("an emptied folder is re-downloaded, never a mass delete (wipe guard)", async () => {
    const store = await stack.newStore("Wipe Guard");
    for (const p of ["/a.md", "/b.md", "/c.md"]) await stack.sdk.beta.memoryStores.memories.create(store, { path: p, content: p });
    const sync = await startSync({ sdk: stack.sdk, stores: [{ id: store, name: "Wipe Guard", slug: "wipe-guard", readOnly: false, mountPath: null }], dir: join(stack.tmp, "wipe") });
    const root = sync.roots[0]!;
    await sh("rm -f a.md b.md c.md", root);
    await sync.finish({ keep: true });
    expect((await readFile(join(root, "b.md"), "utf8"))).toBe("/b.md");
    expect(await byPath(stack.sdk, store, "/b.md")).toBeDefined();
  });
});
