// A session token is a credential derived from the API key that minted it, so it must not
// outlive that key (docs/decisions/0013).
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function tokenMintedBy(key: string, storeId: string) {
  const session = await h.clientFor(key).beta.sessions.create({
    agent: "agent_memgit",
    environment_id: "env_memgit",
    resources: [{ type: "memory_store", memory_store_id: storeId }],
  });
  const minted = await h.raw("POST", `/v1/sessions/${session.id}/tokens`, { key });
  expect(minted.status).toBe(200);
  return { session, token: minted.json.token as string };
}

describe("session tokens and the key that minted them", () => {
  it("revoking the minting key kills its tokens (401); tokens minted by other keys keep working", async () => {
    const store = await h.store();
    const minter = h.newKey("read_write", "root");
    const { session, token } = await tokenMintedBy(minter.key, store.id);
    const agent = h.clientFor(token).beta.memoryStores.memories;
    await agent.create(store.id, { path: "/before.md", content: "b" });

    const other = await h.raw("POST", `/v1/sessions/${session.id}/tokens`);
    expect(other.status).toBe(200);

    const revoked = await h.raw("POST", `/v1/admin/api_keys/${minter.apiKeyId}/revoke`);
    expect(revoked.status).toBe(200);

    const err = await sdkError(agent.create(store.id, { path: "/after.md", content: "a" }));
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expectError(await h.raw("GET", `/v1/sessions/${session.id}`, { key: token }), 401, "authentication_error");

    // The session itself lives on: a token from a live key still writes to it.
    const survivor = h.clientFor(other.json.token as string).beta.memoryStores.memories;
    expect((await survivor.create(store.id, { path: "/after.md", content: "a" })).path).toBe("/after.md");
    const paths = (await h.client.beta.memoryStores.memories.list(store.id)).data.map((m) => (m as { path: string }).path);
    expect(paths.sort()).toEqual(["/after.md", "/before.md"]);
  });
});
