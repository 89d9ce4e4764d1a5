import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
let storeId: string;
beforeAll(async () => {
  h = await startHarness();
  storeId = (await h.store()).id;
});
afterAll(() => h.close());

const create = (path: string) => h.raw("POST", `/v1/memory_stores/${storeId}/memories`, { body: { path, content: "x" } });

const invalid: Record<string, string[]> = {
  C65: ["notes.md", "/", "/notes//today.md", "/notes/"],
  C66: ["/notes/./x.md", "/notes/../x.md", "/.", "/.."],
  C67: ["/a\u0007b", "/a\u200Eb", "/a\u2028b", "/a\u2029b", "/a\u0000b", "/a\uFEFFb"],
  C68: ["/cafe\u0301.md"],
  C69: ["/" + "x".repeat(1024)],
  C70: [Array.from({ length: 21 }, (_, i) => `/s${i}`).join("")],
  // Issue 9: names git reads as its own on Linux, macOS or Windows (docs/decisions/0004).
  "git-special": ["/.git", "/.GIT/hooks/post-checkout", "/sub/.git/HEAD", "/git~1/config", "/.git./x", "/.git /x", "/.git::$INDEX_ALLOCATION/x", "/.gitmodules", "/gitmod~1", "/docs/.gitattributes"],
};

describe("path validation", () => {
  for (const [item, paths] of Object.entries(invalid))
    it(`${item} invalid paths → 400 (${paths.length} cases)`, async () => {
      for (const path of paths) expectError(await create(path), 400, "invalid_request_error");
    });

  it("C68 the NFC spelling is accepted", async () => {
    expect((await create("/café.md")).status).toBe(200);
  });

  it("C69 a path of exactly 1,024 bytes is accepted (bytes, not characters)", async () => {
    const path = "/" + "é".repeat(511) + "x";
    expect(Buffer.byteLength(path)).toBe(1024);
    expect((await create(path)).status).toBe(200);
    expectError(await create(path + "y"), 400, "invalid_request_error");
  });

  it("C70 20 segments are accepted", async () => {
    expect((await create(Array.from({ length: 20 }, (_, i) => `/t${i}`).join(""))).status).toBe(200);
  });

  it("C71 paths are case-sensitive", async () => {
    const a = await create("/A.md");
    const b = await create("/a.md");
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.json.id).not.toBe(b.json.id);
  });

  it("C72 renaming to any invalid form → 400 and the memory is unchanged", async () => {
    const m = (await h.raw("POST", `/v1/memory_stores/${storeId}/memories`, { body: { path: "/rename-me.md", content: "keep" } })).json;
    for (const path of Object.values(invalid).flat()) {
      const res = await h.raw("POST", `/v1/memory_stores/${storeId}/memories/${m.id}`, { body: { path } });
      expectError(res, 400, "invalid_request_error");
    }
    const after = await h.raw("GET", `/v1/memory_stores/${storeId}/memories/${m.id}`);
    expect(after.json).toEqual({ ...m, content: "keep" });
  });
});

describe("names special to git (issue 9)", () => {
  it("a session token's SDK gets 400 naming the field and the rule, and nothing is written", async () => {
    const s = await h.store();
    const session = await h.client.beta.sessions.create({ agent: "a", environment_id: "e", resources: [{ type: "memory_store", memory_store_id: s.id }] });
    const token = (await h.raw("POST", `/v1/sessions/${session.id}/tokens`)).json.token as string;
    const memories = h.clientFor(token).beta.memoryStores.memories;
    const err = await sdkError(memories.create(s.id, { path: "/.GIT/hooks/post-checkout", content: "#!/bin/sh" }));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.error).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringMatching(/^path: .*\.git on Linux, macOS or Windows/) } });
    const attrs = await sdkError(memories.create(s.id, { path: "/.gitattributes", content: "* text eol=crlf" }));
    expect(attrs.message).toContain(".gitattributes");
    expect((await h.client.beta.memoryStores.memories.list(s.id)).data).toEqual([]);
  });

  it(".gitignore and .mailmap are plain files: accepted", async () => {
    for (const path of ["/.gitignore", "/sub/.mailmap", "/.github/notes.md", "/git~2"]) expect((await create(path)).status, path).toBe(200);
  });

  it("a path_prefix naming one is only a filter: accepted", async () => {
    const res = await h.raw("GET", `/v1/memory_stores/${storeId}/memories?path_prefix=${encodeURIComponent("/.git/")}`);
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual([]);
  });
});
