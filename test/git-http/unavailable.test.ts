// Issue 12: the git routes answer in plain text git can show, and say clearly when this
// server cannot serve clones at all: no git binary at start-up (the API still serves), or
// stores kept in memory.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "@memgit/server";
import { afterAll, describe, expect, it } from "vitest";
import { serveProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { ADMIN_KEY, startGitServer } from "./gitServer.ts";

const REFS = "info/refs?service=git-upload-pack";
const auth = { "x-api-key": ADMIN_KEY };

describe("answers git can show", () => {
  it("unknown git routes are 404 and the dumb protocol is refused, in plain text", async () => {
    const s = await startGitServer();
    try {
      const store = await s.client.beta.memoryStores.create({ name: "routes" });
      const dumb = await fetch(`${s.repoUrl(store.id)}/info/refs`, { headers: auth });
      expect([dumb.status, await dumb.text()]).toEqual([
        403,
        "memgit: memgit serves git's smart HTTP protocol only (git 1.6.6 or later, or isomorphic-git)\n",
      ]);
      const objects = await fetch(`${s.repoUrl(store.id)}/objects/info/packs`, { headers: auth });
      expect(objects.status).toBe(404);
      expect(objects.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await objects.text()).toMatch(/^memgit: no git route for GET /);
    } finally {
      await s.close();
    }
  });
});

describe("a server that cannot serve clones", () => {
  let served: ServeProcess | null = null;
  afterAll(async () => {
    await served?.stop();
  });

  it("without git on PATH: warns at start-up, answers the git routes 503 by name, serves the API", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-nogit-"));
    // process.execPath is absolute: node runs, git cannot be found.
    served = await serveProcess(dataDir, { PATH: "/nonexistent", MEMGIT_BOOTSTRAP_KEY: ADMIN_KEY });
    expect(served.stderr()).toContain("cloning over HTTP is unavailable: the git binary was not found");
    const created = await fetch(`${served.url}/v1/memory_stores`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: "no git" }),
    });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const res = await fetch(`${served.url}/git/${id}.git/${REFS}`, { headers: auth });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe(
      "memgit: cloning over HTTP is unavailable: the git binary was not found on this server's PATH at start-up (install git and restart memgit)\n",
    );
  });

  it("with stores in memory: 503 saying so", async () => {
    const server = await startServer({ memory: true, port: 0, logger: false, bootstrapKey: ADMIN_KEY });
    try {
      const res = await fetch(`${server.url}/git/memstore_111111111111111111111111.git/${REFS}`, { headers: auth });
      expect([res.status, await res.text()]).toEqual([
        503,
        "memgit: cloning over HTTP is unavailable: this server keeps its stores in memory, with no repository on disk\n",
      ]);
    } finally {
      await server.close();
    }
  });
});
