// The official SDK's own sync engine (what Anthropic's self-hosted worker runs) against
// memgit with a session token: download, local edits, finish, versions as session_actor.
import { SessionMemoryStores } from "@anthropic-ai/sdk/tools/agent-toolset/memories";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;
let workdir: string;
beforeAll(async () => {
  h = await startHarness();
  workdir = mkdtempSync(join(tmpdir(), "memgit-worker-"));
});
afterAll(async () => {
  await h.close();
  rmSync(workdir, { recursive: true, force: true });
});

describe("SDK SessionMemoryStores against memgit", () => {
  it("C140 C141 C144 download, local create and edit, remote edit, finish: both sides converge, agent writes are session_actor", async () => {
    const admin = h.client.beta.memoryStores;
    const store = await admin.create({ name: "Worker Notes" });
    const a = await admin.memories.create(store.id, { path: "/a.md", content: "alpha" });
    const b = await admin.memories.create(store.id, { path: "/dir/b.md", content: "bravo" });
    const session = await h.client.beta.sessions.create({
      agent: "agent_x",
      environment_id: "env_x",
      resources: [{ type: "memory_store", memory_store_id: store.id }],
    });
    const token = (await h.raw("POST", `/v1/sessions/${session.id}/tokens`)).json.token as string;
    const worker = h.clientFor(token);

    // The worker materialises each store at its mount_path; point it into the temp dir.
    const fetched = await worker.beta.sessions.retrieve(session.id);
    expect(fetched.resources[0]).toMatchObject({ mount_path: "/mnt/memory/worker-notes", access: "read_write" });
    const root = join(workdir, "worker-notes");
    const patched = { ...fetched, resources: fetched.resources.map((r) => ({ ...r, mount_path: root })) };

    const sync = new SessionMemoryStores(worker, { workdir });
    await sync.download(patched);
    expect(readFileSync(join(root, "a.md"), "utf8")).toBe("alpha");
    expect(readFileSync(join(root, "dir/b.md"), "utf8")).toBe("bravo");
    expect(readFileSync(join(root, ".anthropic-memory-store"), "utf8")).toBe(`version 1\n${store.id}`);

    writeFileSync(join(root, "a.md"), "alpha, edited by the agent");
    writeFileSync(join(root, "c.md"), "charlie");
    await admin.memories.update(b.id, { memory_store_id: store.id, content: "bravo, edited remotely" });
    await sync.finish();

    expect((await admin.memories.retrieve(a.id, { memory_store_id: store.id })).content).toBe("alpha, edited by the agent");
    const listed = await admin.memories.list(store.id, { view: "full" });
    expect(listed.data.map((m) => [m.path, (m as { content: string | null }).content])).toEqual([
      ["/a.md", "alpha, edited by the agent"],
      ["/c.md", "charlie"],
      ["/dir/b.md", "bravo, edited remotely"],
    ]);
    expect(readFileSync(join(root, "dir/b.md"), "utf8")).toBe("bravo, edited remotely");

    const bySession = await admin.memoryVersions.list(store.id, { session_id: session.id });
    expect(bySession.data.map((v) => [v.operation, v.path]).sort()).toEqual([
      ["created", "/c.md"],
      ["modified", "/a.md"],
    ]);
    for (const v of bySession.data) expect(v.created_by).toEqual({ type: "session_actor", session_id: session.id });

    await sync.dispose();
    expect(existsSync(root)).toBe(false);
  });
});
