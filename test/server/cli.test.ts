// `memgit serve`, `workspaces` and `keys` as separate processes on one data directory, the
// way an operator uses them: keys minted and revoked while the server runs, SIGTERM, restart.
import Anthropic from "@anthropic-ai/sdk";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliVerb, serveProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { cli, finished } from "./cliRun.ts";

const BOOTSTRAP = "sk-memgit-from-the-environment-0001";
const env = { MEMGIT_BOOTSTRAP_KEY: BOOTSTRAP };

describe("memgit serve, keys and workspaces on one data directory", () => {
  let dataDir: string;
  let first: ServeProcess;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "memgit-cli-"));
    first = await serveProcess(dataDir, env);
  });
  afterAll(() => {
    first.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("first start prints the URL and never the MEMGIT_BOOTSTRAP_KEY the operator supplied", async () => {
    const lines = first.stdout().trim().split("\n");
    expect(lines[0]).toMatch(/^memgit listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(lines.at(-1)).toMatch(/^First start: created workspace "default" and admin API key apikey_\w+ from MEMGIT_BOOTSTRAP_KEY \(not shown\)\.$/);
    expect(first.stdout() + first.stderr()).not.toContain(BOOTSTRAP);
    const client = new Anthropic({ apiKey: BOOTSTRAP, baseURL: first.url });
    expect((await client.beta.memoryStores.create({ name: "first" })).id).toMatch(/^memstore_/);
  });

  it("keys and workspaces made by the CLI work against the running server; revoke bites at once", async () => {
    const admin = new Anthropic({ apiKey: BOOTSTRAP, baseURL: first.url });
    const store = await admin.beta.memoryStores.create({ name: "shared" });

    const roKey = (await cli("keys", ["create", "--data-dir", dataDir, "--workspace", "default", "--role", "read_only"])).at(-1)!;
    const ro = new Anthropic({ apiKey: roKey, baseURL: first.url });
    expect((await ro.beta.memoryStores.retrieve(store.id)).id).toBe(store.id);
    await expect(ro.beta.memoryStores.create({ name: "nope" })).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);

    expect((await cli("workspaces", ["create", "team-b", "--data-dir", dataDir]))[0]).toMatch(/^created workspace team-b wrkspc_/);
    expect((await cli("workspaces", ["list", "--data-dir", dataDir])).map((l) => l.split("\t")[1])).toEqual(["default", "team-b"]);
    const teamKey = (await cli("keys", ["create", "--data-dir", dataDir, "--workspace", "team-b", "--role", "read_write"])).at(-1)!;
    const team = new Anthropic({ apiKey: teamKey, baseURL: first.url });
    await expect(team.beta.memoryStores.retrieve(store.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);

    const listed = await cli("keys", ["list", "--data-dir", dataDir]);
    expect(listed).toHaveLength(3);
    expect(listed.join("\n")).not.toContain(roKey);
    const roId = listed.find((l) => l.includes("\tread_only\t"))!.split("\t")[0]!;
    expect(await cli("keys", ["revoke", roId, "--data-dir", dataDir])).toEqual([`revoked ${roId}`]);
    await expect(ro.beta.memoryStores.retrieve(store.id)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("sessions create, token and prompt over HTTP; the token writes as session_actor", async () => {
    const admin = new Anthropic({ apiKey: BOOTSTRAP, baseURL: first.url });
    const store = await admin.beta.memoryStores.create({ name: "Agent Notes", description: "notes" });
    const sessionEnv = { MEMGIT_URL: first.url, MEMGIT_API_KEY: BOOTSTRAP };
    const run = async (args: string[]) => {
      const r = await finished(cliVerb("sessions", args, sessionEnv));
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim().split("\n");
    };
    const created = await run(["create", "--store", store.id, "--instructions", "keep it short"]);
    expect(created[0]).toBe(`${store.id}\tread_write\t/mnt/memory/agent-notes`);
    const sessionId = created.at(-1)!;
    expect(sessionId).toMatch(/^sesn_/);
    const token = (await run(["token", sessionId])).at(-1)!;
    const agent = new Anthropic({ apiKey: token, baseURL: first.url });
    await agent.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "a" });
    const [v] = (await admin.beta.memoryStores.memoryVersions.list(store.id)).data;
    expect(v!.created_by).toEqual({ type: "session_actor", session_id: sessionId });
    expect((await run(["prompt", sessionId])).join("\n")).toContain('"Agent Notes" at /mnt/memory/agent-notes (read_write): notes');
    expect((await run(["list", "--store", store.id]))[0]).toMatch(new RegExp(`^${sessionId}\t`));
  });

  it("SIGTERM lets in-flight writes finish; a restart serves every acknowledged write and prints no key", async () => {
    const admin = new Anthropic({ apiKey: BOOTSTRAP, baseURL: first.url, maxRetries: 0 });
    const store = await admin.beta.memoryStores.create({ name: "durable" });
    const writes = Array.from({ length: 30 }, (_, i) =>
      admin.beta.memoryStores.memories.create(store.id, { path: `/w/${i}.md`, content: `secret content ${i}` }).then(
        (m) => m.id,
        () => null,
      ),
    );
    await Promise.race(writes);
    const code = await first.stop();
    expect(code).toBe(0);
    const acknowledged = (await Promise.all(writes)).filter((id): id is string => id !== null);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(first.stderr()).not.toContain(BOOTSTRAP);
    expect(first.stderr()).not.toContain("secret content");

    const second = await serveProcess(dataDir, env);
    try {
      expect(second.stdout()).not.toContain(BOOTSTRAP);
      expect(second.stdout()).toContain("keys create");
      const client = new Anthropic({ apiKey: BOOTSTRAP, baseURL: second.url });
      const ids = [];
      for await (const m of client.beta.memoryStores.memories.list(store.id, { limit: 100 })) ids.push((m as { id: string }).id);
      expect(ids.sort()).toEqual(expect.arrayContaining(acknowledged.sort()));
      expect(ids.length).toBe(acknowledged.length);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
