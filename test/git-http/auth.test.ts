// Issue 12: the git routes take the API's credentials (HTTP Basic with the key or session token
// as the password, Authorization: Bearer, x-api-key) and its tenancy, with answers git acts on:
// 401 + a Basic challenge for credential helpers, 404 ("repository not found") for stores the
// credential cannot see.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, git, scratch, startGitServer, type GitServer } from "./gitServer.ts";

let s: GitServer;
let storeId: string;
let rootWorkspace: string;
beforeAll(async () => {
  s = await startGitServer();
  const store = await s.client.beta.memoryStores.create({ name: "guarded" });
  await s.client.beta.memoryStores.memories.create(store.id, { path: "/secret-plan.md", content: "plan" });
  storeId = store.id;
  rootWorkspace = s.server.auth.findWorkspace("default")!.id;
});
afterAll(() => s.close());

const keyIn = (workspaceId: string, role: "read_only" | "read_write" | "admin") => s.server.auth.createApiKey(workspaceId, role).secret;

async function sessionToken(store: string, access: "read_only" | "read_write"): Promise<string> {
  const session = await s.client.beta.sessions.create({
    agent: "a",
    environment_id: "e",
    resources: [{ type: "memory_store", memory_store_id: store, access }],
  });
  const res = await fetch(`${s.server.url}/v1/sessions/${session.id}/tokens`, { method: "POST", headers: { "x-api-key": ADMIN_KEY } });
  return ((await res.json()) as { token: string }).token;
}

const clone = (url: string, extra: string[] = []) => git([...extra, "clone", "-q", url, scratch("c")]);

describe("credentials on the git routes", () => {
  it("without one: 401 with a Basic challenge and a plain-text message", async () => {
    const res = await fetch(`${s.repoUrl(storeId)}/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="memgit"');
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toMatch(/^memgit: missing API key: send it as the password of HTTP Basic/);
    const run = await clone(s.repoUrl(storeId));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("terminal prompts disabled");
  });

  it("a credential helper answers the challenge with the key as the password", async () => {
    const helper = `!f() { echo username=anyone; echo password=${ADMIN_KEY}; }; f`;
    expect((await clone(s.repoUrl(storeId), ["-c", `credential.helper=${helper}`])).code).toBe(0);
  });

  it.each([
    ["Authorization: Bearer", (k: string) => `Authorization: Bearer ${k}`],
    ["x-api-key", (k: string) => `x-api-key: ${k}`],
  ])("%s through http.extraHeader", async (_name, header) => {
    expect((await clone(s.repoUrl(storeId), ["-c", `http.extraHeader=${header(ADMIN_KEY)}`])).code).toBe(0);
  });

  it("a wrong or revoked key: 401, git says authentication failed", async () => {
    const revoked = s.server.auth.createApiKey(rootWorkspace, "admin");
    s.server.auth.revokeApiKey(revoked.key.id);
    for (const secret of ["sk-memgit-not-a-key", revoked.secret]) {
      const run = await clone(s.authedUrl(storeId, secret));
      expect(run.stderr).toContain("remote: memgit: invalid API key");
      expect(run.stderr).toContain("Authentication failed");
    }
  });

  it("read_only keys and read_only session attachments may clone", async () => {
    expect((await clone(s.authedUrl(storeId, keyIn(rootWorkspace, "read_only")))).code).toBe(0);
    expect((await clone(s.authedUrl(storeId, await sessionToken(storeId, "read_only")))).code).toBe(0);
  });
});

describe("tenancy on the git routes", () => {
  it("another workspace's key gets 404: repository not found, no hint the store exists", async () => {
    const other = s.server.auth.createWorkspace("git-http-other");
    const outsider = keyIn(other.id, "admin");
    const res = await fetch(`${s.repoUrl(storeId)}/info/refs?service=git-upload-pack`, { headers: { authorization: `Bearer ${outsider}` } });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe(`memgit: memory store not found: ${storeId}\n`);
    const run = await clone(s.authedUrl(storeId, outsider));
    expect(run.stderr).toContain(`remote: memgit: memory store not found: ${storeId}`);
    expect(run.stderr).toMatch(/fatal: repository '.*' not found/);
    // Word for word what a store that does not exist gets.
    const missing = await clone(s.authedUrl("memstore_111111111111111111111111", outsider));
    const shape = (text: string) => text.replace(/memstore_\w+/g, "<id>").replace(/'\/tmp\/[^']*'/g, "<dir>");
    expect(shape(missing.stderr)).toBe(shape(run.stderr));
  });

  it("a session token reaches its attached stores only", async () => {
    const elsewhere = await s.client.beta.memoryStores.create({ name: "not attached" });
    const token = await sessionToken(storeId, "read_write");
    expect((await clone(s.authedUrl(storeId, token))).code).toBe(0);
    const run = await clone(s.authedUrl(elsewhere.id, token));
    expect(run.stderr).toContain(`remote: memgit: memory store not found: ${elsewhere.id}`);
    expect(run.stderr).toMatch(/repository '.*' not found/);
  });

  it("a name that is no store id is 404 without touching the disk", async () => {
    for (const name of ["nope.git", "..%2F..%2Fserver.sqlite", "memstore_x.git"]) {
      const res = await fetch(`${s.server.url}/git/${name}/info/refs?service=git-upload-pack`, { headers: { "x-api-key": ADMIN_KEY } });
      expect(res.status, name).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    }
  });

});
