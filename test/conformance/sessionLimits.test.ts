// Every session field memgit stores is bounded (docs/decisions/0014): without bounds a few
// requests could grow server.sqlite and every list page without limit.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type CreateParams = Anthropic.Beta.Sessions.SessionCreateParams;
const create = (params: Partial<CreateParams>) =>
  h.client.beta.sessions.create({ agent: "agent_memgit", environment_id: "env_memgit", ...params });

async function refused(params: Partial<CreateParams>, field: string) {
  const err = await sdkError(create(params));
  expect(err).toBeInstanceOf(Anthropic.BadRequestError);
  expect(err.type).toBe("invalid_request_error");
  expect(err.message).toContain(field);
}

const pairs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));

describe("session field bounds", () => {
  it("a 1,000,000-character title → 400 naming title, and nothing is stored", async () => {
    const before = (await h.client.beta.sessions.list({ limit: 100 })).data.length;
    await refused({ title: "t".repeat(1_000_000) }, "title");
    expect((await h.client.beta.sessions.list({ limit: 100 })).data.length).toBe(before);
  });

  it("title: 255 code points are accepted, 256 refused", async () => {
    expect((await create({ title: "😀".repeat(255) })).title).toBe("😀".repeat(255));
    await refused({ title: "t".repeat(256) }, "title");
  });

  it("metadata follows the SDK's documented limits: 16 pairs, keys 1-64, values up to 512", async () => {
    const ok = { ...pairs(15), ["k".repeat(64)]: "v".repeat(512) };
    expect((await create({ metadata: ok })).metadata).toEqual(ok);
    await refused({ metadata: pairs(17) }, "metadata");
    await refused({ metadata: { ["k".repeat(65)]: "v" } }, "metadata");
    await refused({ metadata: { "": "v" } }, "metadata");
    await refused({ metadata: { k: "v".repeat(513) } }, "metadata.k");
  });

  it("agent and environment_id ids: 128 characters at most", async () => {
    expect((await create({ agent: "a".repeat(128), environment_id: "e".repeat(128) })).environment_id).toBe("e".repeat(128));
    await refused({ agent: "a".repeat(129) }, "agent");
    await refused({ agent: { type: "agent", id: "a".repeat(129) } }, "agent.id");
    await refused({ environment_id: "e".repeat(129) }, "environment_id");
  });

  it("non-string agent ids are refused rather than silently dropped", async () => {
    const res = await h.raw("POST", "/v1/sessions", { body: { agent: 7, environment_id: "e" } });
    expect(expectError(res, 400, "invalid_request_error").message).toContain("agent");
  });
});
