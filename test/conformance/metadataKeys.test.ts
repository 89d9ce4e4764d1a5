// Metadata keys are data: `__proto__`, `constructor` and friends are ordinary keys that must
// round-trip, never be dropped by an object's prototype setter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** An object whose own keys include `__proto__` (a literal `{__proto__: …}` would set the prototype). */
const withProto = (value: string) => JSON.parse(`{"__proto__":${JSON.stringify(value)}}`) as Record<string, string>;

describe("metadata keys that name Object.prototype members", () => {
  it("store metadata keeps __proto__ on create, retrieve, list and update", async () => {
    const raw = await h.raw("POST", "/v1/memory_stores", {
      rawBody: '{"name":"proto","metadata":{"__proto__":"x","a":"b","constructor":"c"}}',
      headers: { "content-type": "application/json" },
    });
    expect(raw.status).toBe(200);
    const expected = { ...withProto("x"), a: "b", constructor: "c" };
    expect(raw.json.metadata).toEqual(expected);
    expect(Object.keys(raw.json.metadata).sort()).toEqual(["__proto__", "a", "constructor"]);

    const stores = h.client.beta.memoryStores;
    expect(Object.keys((await stores.retrieve(raw.json.id)).metadata!).sort()).toEqual(["__proto__", "a", "constructor"]);
    const listed = (await stores.list({ limit: 100 })).data.find((s) => s.id === raw.json.id)!;
    expect(listed.metadata).toEqual(expected);

    const updated = await stores.update(raw.json.id, { metadata: withProto("y") });
    expect(updated.metadata).toEqual({ ...withProto("y"), a: "b", constructor: "c" });
    const deleted = await stores.update(raw.json.id, { metadata: JSON.parse('{"__proto__":null}') as Record<string, null> });
    expect(Object.keys(deleted.metadata!).sort()).toEqual(["a", "constructor"]);
  });

  it("a __proto__ key added by update is kept", async () => {
    const store = await h.client.beta.memoryStores.create({ name: "proto later", metadata: { a: "b" } });
    const updated = await h.client.beta.memoryStores.update(store.id, { metadata: withProto("x") });
    expect(Object.keys(updated.metadata!).sort()).toEqual(["__proto__", "a"]);
  });

  it("session metadata keeps __proto__", async () => {
    const session = await h.client.beta.sessions.create({ agent: "a", environment_id: "e", metadata: { ...withProto("x"), a: "b" } });
    expect(Object.keys(session.metadata).sort()).toEqual(["__proto__", "a"]);
    expect(Object.keys((await h.client.beta.sessions.retrieve(session.id)).metadata).sort()).toEqual(["__proto__", "a"]);
  });
});
