// memgit as an MCP server (issue 13 §An MCP server), through the MCP SDK's own client: over
// Streamable HTTP at /mcp of a real server and over stdio by spawning `memgit mcp`. Every tool
// and every error path on both; scopes like the API (session tokens, read-only attachments
// and keys get no write tools; other workspaces' stores are not found).
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../conformance/harness.ts";
import { cliVerb } from "../helpers/serveProcess.ts";
import { finished } from "../server/cliRun.ts";
import { call, httpClient, stdioClient } from "./mcpClient.ts";
import { everyTool, READ_TOOLS, WRITE_TOOLS } from "./toolSuite.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const open: Client[] = [];
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
});
const track = <T extends Client>(c: T) => (open.push(c), c);
const toolNames = async (c: Client) => (await c.listTools()).tools.map((t) => t.name).sort();

async function sessionToken(resources: Array<{ id: string; access?: "read_only" | "read_write" }>) {
  const session = await h.client.beta.sessions.create({
    agent: "agent_memgit",
    environment_id: "env_memgit",
    resources: resources.map((r) => ({ type: "memory_store" as const, memory_store_id: r.id, access: r.access ?? "read_write" })),
  });
  const minted = await h.raw("POST", `/v1/sessions/${session.id}/tokens`);
  return { session, token: minted.json.token as string };
}

describe("MCP over Streamable HTTP at /mcp", () => {
  it("every tool and every error path, with a key and ?store=", async () => {
    const store = await h.store();
    const client = track(await httpClient(h.url, h.key, `?store=${store.id}`));
    expect(client.getServerVersion()).toMatchObject({ name: "memgit" });
    await everyTool(client, h.client, store.id);
  });

  it("a session token serves only its session's stores; a read_only attachment gets no write tools", async () => {
    const rw = await h.store("notes");
    const ro = await h.store("shared");
    const other = await h.store("not attached");
    await h.client.beta.memoryStores.memories.create(ro.id, { path: "/team.md", content: "deploys on friday" });
    await h.client.beta.memoryStores.memories.create(other.id, { path: "/secret.md", content: "deploys too" });
    const { token } = await sessionToken([{ id: rw.id }, { id: ro.id, access: "read_only" }]);
    const client = track(await httpClient(h.url, token));
    expect(await toolNames(client)).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    const uris = (await client.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual([`memgit://${ro.id}/team.md`]);
    // Several stores: the `store` argument chooses; leaving it out names the choices.
    expect(await call(client, "view", { path: "/memories" })).toEqual({ isError: true, text: expect.stringMatching(/^Several memory stores are attached; pass "store" as one of: notes \(memstore_\w+\), shared \(memstore_\w+, read-only\)/) });
    expect((await call(client, "search", { query: "deploys", store: "shared" })).text).toBe("/memories/team.md:1:deploys on friday");
    expect((await call(client, "search", { query: "deploys", store: other.id })).text).toMatch(/Invalid option: expected one of "notes"\|/);
    // Write tools take only writable stores; the read-only one refuses and stays as it was.
    const write = await call(client, "create", { path: "/memories/x.md", file_text: "x", store: ro.id });
    expect(write).toEqual({ isError: true, text: expect.stringMatching(/Invalid option: expected one of "notes"\|"memstore_\w+" at store/) });
    expect((await client.listTools()).tools.find((t) => t.name === "create")!.inputSchema.properties!.store).toMatchObject({ enum: ["notes", rw.id] });
    expect((await call(client, "create", { path: "/memories/x.md", file_text: "x", store: "notes" })).isError).toBe(false);
    expect((await h.client.beta.memoryStores.memories.list(ro.id)).data.map((m) => m.path)).toEqual(["/team.md"]);

    const { token: roToken } = await sessionToken([{ id: ro.id, access: "read_only" }]);
    expect(await toolNames(track(await httpClient(h.url, roToken)))).toEqual(READ_TOOLS);
  });

  it("a read_only key gets no write tools; a key sees only its workspace's stores", async () => {
    const store = await h.store();
    expect(await toolNames(track(await httpClient(h.url, h.newKey("read_only", "root").key, `?store=${store.id}`)))).toEqual(READ_TOOLS);
    const stranger = h.newKey("admin").key;
    await expect(httpClient(h.url, stranger, `?store=${store.id}`)).rejects.toThrow(/404/);
    // Without ?store=, every store of the key's workspace (none here).
    expect((await track(await httpClient(h.url, stranger)).listResources()).resources).toEqual([]);
  });

  it("refuses a missing or wrong credential, a bad store parameter and non-JSON bodies in the right envelope", async () => {
    await expect(httpClient(h.url, "sk-memgit-wrong")).rejects.toThrow(/authentication_error.*invalid API key/);
    const none = await fetch(`${h.url}/mcp`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    const headers = { "x-api-key": h.key, "content-type": "application/json", accept: "application/json, text/event-stream" };
    const bad = await fetch(`${h.url}/mcp?store=nope`, { method: "POST", headers, body: "{}" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringContaining("store") } });
    const garbage = await fetch(`${h.url}/mcp`, { method: "POST", headers, body: "{not json" });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32700 } });
    expect((await fetch(`${h.url}/mcp`, { headers })).status).toBe(405);
  });
});

describe("MCP over stdio (memgit mcp)", () => {
  it("every tool and every error path, --store", async () => {
    const store = await h.store();
    const { client, stderr } = await stdioClient(h.url, h.key, ["--store", store.id]);
    track(client);
    await everyTool(client, h.client, store.id);
    expect(stderr()).toContain(`serving`);
  });

  it("--session serves the session's stores with their access; --read-only takes the write tools away", async () => {
    const store = await h.store("agent notes");
    const { session } = await sessionToken([{ id: store.id, access: "read_only" }]);
    const [bySession, readOnly] = await Promise.all([stdioClient(h.url, h.key, ["--session", session.id]), stdioClient(h.url, h.key, ["--store", store.id, "--read-only"])]);
    track(bySession.client);
    track(readOnly.client);
    expect(await toolNames(bySession.client)).toEqual(READ_TOOLS);
    expect(await toolNames(readOnly.client)).toEqual(READ_TOOLS);
    expect(bySession.client.getInstructions()).toContain("agent-notes (read-only)");
  });

  it("--help exits 0, misuse 2, a wrong credential or unknown store 1 with one line naming the status; 0 when the client closes stdin", async () => {
    const store = await h.store();
    const env = { MEMGIT_URL: h.url, MEMGIT_API_KEY: h.key };
    const [help, ended, both, badKey, unknown] = await Promise.all([
      finished(cliVerb("mcp", ["--help"])),
      // stdin is /dev/null: the client is gone at once.
      finished(cliVerb("mcp", ["--store", store.id], env)),
      finished(cliVerb("mcp", ["--store", store.id, "--session", "sesn_x"], env)),
      finished(cliVerb("mcp", ["--store", store.id], { ...env, MEMGIT_API_KEY: "sk-memgit-wrong" })),
      finished(cliVerb("mcp", ["--store", "memstore_nope"], env)),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: memgit mcp /);
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toBe("");
    expect(ended.stderr).toContain(`serving `);
    expect(both.code).toBe(2);
    expect(badKey.code).toBe(1);
    // The failure names the server it asked (packages/cli/src/verbCommand.ts).
    expect(badKey.stderr).toMatch(/^memgit mcp: 401 invalid API key \(http:\/\/127\.0\.0\.1:\d+\)\n$/);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^memgit mcp: 404 memory store not found: memstore_nope \(http:\/\/127\.0\.0\.1:\d+\)\n$/);
  });
});
