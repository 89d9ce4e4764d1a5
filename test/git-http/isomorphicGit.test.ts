// Issue 12: clone and fetch from isomorphic-git, the JavaScript client, against /git/<id>.git.
import * as fs from "node:fs";
import git from "isomorphic-git";
import http from "isomorphic-git/http/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, scratch, startGitServer, type GitServer } from "./gitServer.ts";

let s: GitServer;
beforeAll(async () => {
  s = await startGitServer();
});
afterAll(() => s.close());

describe("isomorphic-git", () => {
  it("clones with Basic credentials from onAuth after the 401 challenge, then fetches new versions", async () => {
    const mem = s.client.beta.memoryStores;
    const store = await mem.create({ name: "iso" });
    await mem.memories.create(store.id, { path: "/prefs/editor.md", content: "vim" });
    const dir = scratch("iso");
    const challenges: string[] = [];
    const onAuth = () => {
      challenges.push("asked");
      return { username: "agent", password: ADMIN_KEY };
    };
    const onAuthFailure = () => {
      challenges.push("failed");
      return { cancel: true };
    };
    await git.clone({ fs, http, dir, url: s.repoUrl(store.id), ref: "main", singleBranch: false, onAuth, onAuthFailure });
    // Asked once, after the first request's 401; the credentials then held.
    expect(challenges).toEqual(["asked"]);
    expect(fs.readFileSync(`${dir}/prefs/editor.md`, "utf8")).toBe("vim");

    const next = await mem.memories.create(store.id, { path: "/b.md", content: "b" });
    const fetched = await git.fetch({ fs, http, dir, url: s.repoUrl(store.id), ref: "main", onAuth });
    expect(`memver_${fetched.fetchHead}`).toBe(next.memory_version_id);
    const branches = await git.listBranches({ fs, dir, remote: "origin" });
    expect(branches.filter((b) => b !== "HEAD").sort()).toEqual(["main", "memgit-meta"]);
  });

  it("clones with an Authorization: Bearer header and no challenge", async () => {
    const store = await s.client.beta.memoryStores.create({ name: "iso-bearer" });
    await s.client.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "a" });
    const dir = scratch("iso-bearer");
    await git.clone({ fs, http, dir, url: s.repoUrl(store.id), headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(fs.readFileSync(`${dir}/a.md`, "utf8")).toBe("a");
  });

  it("a wrong key fails with an HTTP 401 the client reports", async () => {
    const store = await s.client.beta.memoryStores.create({ name: "iso-denied" });
    const err = await git
      .clone({ fs, http, dir: scratch("denied"), url: s.repoUrl(store.id), onAuth: () => ({ username: "x", password: "sk-memgit-wrong" }) })
      .catch((e: unknown) => e as { code?: string; data?: { statusCode?: number } });
    expect(err).toMatchObject({ code: "HttpError", data: { statusCode: 401 } });
  });
});
