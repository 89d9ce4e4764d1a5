// Issue 12, backup remotes: every bad request gets its status and an error body naming the
// field and the rule, and changes nothing; a remote's credential is never echoed back, never
// written into the store's repository, and never logged.
import Anthropic from "@anthropic-ai/sdk";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "@memgit/server";
import { startBackupServer, type BackupServer, type WireRemote } from "./backupServer.ts";

const PASSWORD = "pw-9c1f7e2ab4d0";
let logged = "";
let s: BackupServer;
let storeId: string;
beforeAll(async () => {
  // Every line the server would log, as pino would write it.
  const record = (obj: unknown, msg?: string) => void (logged += `${JSON.stringify(obj)} ${msg ?? ""}\n`);
  const logger = { info: record, warn: record, error: record, debug: record };
  s = await startBackupServer({
    logger: logger as unknown as NonNullable<Parameters<typeof startBackupServer>[0]>["logger"],
    // Allowed, but nothing listens there: pushes fail and are logged.
    backup: { urls: ["http://127.0.0.1:9/backups/"], debounceMs: 3_600_000 },
  });
  storeId = (await s.client.beta.memoryStores.create({ name: "inputs" })).id;
  await s.client.beta.memoryStores.memories.create(storeId, { path: "/a.md", content: "a" });
});
afterAll(() => s.close());

interface Failure {
  status: number;
  error: { type: string; error: { type: string; message: string } };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (err: Failure) => ({ status: err.status, type: err.error.error.type, message: err.error.error.message }),
  );

const list = async (client = s.client) => (await client.get<{ data: WireRemote[] }>(s.remotes(storeId))).data;

const raw = (method: string, path: string, body: string, key = "sk-memgit-backup-test-admin-0001") =>
  fetch(`${s.server.url}${path}`, { method, headers: { "x-api-key": key, "content-type": "application/json" }, body: method === "GET" ? undefined : body }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { type: string; error: { type: string; message: string } },
  }));

describe("remote routes refuse bad input and change nothing", () => {
  it.each([
    [{ url: "/x" }, 400, /^name: Field required$/],
    [{ name: "r" }, 400, /^url: Field required$/],
    [{ name: 5, url: "/x" }, 400, /^name: Input should be a valid string$/],
    [{ name: "r", url: "/x", extra: 1 }, 400, /^extra: Extra inputs are not permitted$/],
    [{ name: "", url: "/x" }, 400, /^name: must be 1 to 63 letters/],
    [{ name: "-r", url: "/x" }, 400, /^name: must be 1 to 63 letters/],
    [{ name: "a/b", url: "/x" }, 400, /^name: must be 1 to 63 letters/],
    [{ name: "r", url: "/etc/x.git" }, 400, /^url: a local path must lie under the backup root/],
    [{ name: "r", url: "ext::sh -c id" }, 400, /^url: /],
    [{ name: "r", url: "ssh://git@example.com/x.git" }, 400, /^url: the ssh transport is refused/],
    [{ name: "r", url: "https://example.com/x.git" }, 400, /^url: an http\(s\) remote must start with one of the allowed prefixes/],
  ])("POST %j: %i", async (body, status, rule) => {
    const got = await failure(s.client.post(s.remotes(storeId), { body }));
    expect(got).toMatchObject({ status, type: "invalid_request_error" });
    expect(got.message).toMatch(rule);
    expect(await list()).toEqual([]);
  });

  it("malformed JSON, a duplicate name, too many remotes, unknown remotes", async () => {
    expect(await raw("POST", s.remotes(storeId), "{")).toMatchObject({ status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "request body is not valid JSON" } } });
    await s.client.post(s.remotes(storeId), { body: { name: "one", url: join(s.root, "one.git") } });
    const dup = await failure(s.client.post(s.remotes(storeId), { body: { name: "one", url: join(s.root, "other.git") } }));
    expect(dup).toMatchObject({ status: 409, type: "remote_conflict_error" });
    expect(dup.message).toMatch(/^name: this store already has a backup remote named one$/);
    expect((await list()).map((r) => r.url)).toEqual([join(s.root, "one.git")]);
    for (let i = 2; i <= 10; i++) await s.client.post(s.remotes(storeId), { body: { name: `r${i}`, url: join(s.root, `r${i}.git`) } });
    const over = await failure(s.client.post(s.remotes(storeId), { body: { name: "r11", url: join(s.root, "r11.git") } }));
    expect(over).toMatchObject({ status: 400, type: "invalid_request_error", message: "name: a store has at most 10 backup remotes" });
    expect(await list()).toHaveLength(10);
    for (const r of await list()) await s.client.delete(`${s.remotes(storeId)}/${r.name}`);

    expect(await failure(s.client.delete(`${s.remotes(storeId)}/nope`))).toMatchObject({ status: 404, type: "not_found_error", message: "backup remote not found: nope" });
    expect(await failure(s.client.post(`${s.remotes(storeId)}/nope/push`))).toMatchObject({ status: 404, type: "not_found_error" });
    expect(await failure(s.client.get(s.remotes("memstore_nope")))).toMatchObject({ status: 404, type: "not_found_error" });
  });

  it("needs an admin key of the store's workspace: others get 403, another workspace 404", async () => {
    const ws = s.server.auth.listWorkspaces()[0]!;
    for (const role of ["read_only", "read_write"] as const) {
      const key = s.server.auth.createApiKey(ws.id, role).secret;
      const client = new Anthropic({ apiKey: key, baseURL: s.server.url, maxRetries: 0 });
      for (const call of [client.get(s.remotes(storeId)), client.post(s.remotes(storeId), { body: { name: "r", url: join(s.root, "r.git") } })])
        expect(await failure(call)).toMatchObject({ status: 403, type: "permission_error", message: "managing backup remotes needs an admin API key" });
    }
    const other = s.server.auth.createWorkspace("other-backup-ws");
    const stranger = new Anthropic({ apiKey: s.server.auth.createApiKey(other.id, "admin").secret, baseURL: s.server.url, maxRetries: 0 });
    expect(await failure(stranger.post(s.remotes(storeId), { body: { name: "r", url: join(s.root, "r.git") } }))).toMatchObject({ status: 404, type: "not_found_error" });
    expect(await list()).toEqual([]);
  });
});

describe("credentials", () => {
  it("are masked in every answer, kept out of the store's repository, and never logged", async () => {
    const url = `http://backup:${PASSWORD}@127.0.0.1:9/backups/inputs.git`;
    const added = await s.client.post<WireRemote>(s.remotes(storeId), { body: { name: "http", url } });
    expect(added.url).toBe("http://backup:***@127.0.0.1:9/backups/inputs.git");
    const failed = await raw("POST", `${s.remotes(storeId)}/http/push`, "");
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toMatch(/^push to backup remote http failed: /);
    const listed = await raw("GET", s.remotes(storeId), "");
    for (const text of [JSON.stringify(added), JSON.stringify(failed.body), JSON.stringify(listed.body), logged]) expect(text).not.toContain(PASSWORD);
    expect(logged).toContain("backup push failed");

    await s.server.engine.flush(storeId);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(s.gitDir(storeId));
    for (const file of files) expect(readFileSync(file).includes(PASSWORD), file).toBe(false);
    // The server's own database holds it, readable by the server's user only.
    expect(statSync(s.dataDir).mode & 0o077).toBe(0);
  });
});

describe("a server without repositories on disk", () => {
  it("answers 503 saying why, and adds nothing", async () => {
    const memory = await startServer({ memory: true, port: 0, logger: false, bootstrapKey: "sk-memgit-backup-memory-0001" });
    try {
      const client = new Anthropic({ apiKey: "sk-memgit-backup-memory-0001", baseURL: memory.url, maxRetries: 0 });
      const store = await client.beta.memoryStores.create({ name: "in memory" });
      const got = await failure(client.post(`/v1/memory_stores/${store.id}/remotes`, { body: { name: "r", url: "/tmp/x.git" } }));
      expect(got).toMatchObject({ status: 503, type: "api_error" });
      expect(got.message).toMatch(/^backup remotes are unavailable: this server keeps its stores in memory/);
      expect((await client.get<{ data: unknown[] }>(`/v1/memory_stores/${store.id}/remotes`)).data).toEqual([]);
    } finally {
      await memory.close();
    }
  });
});
