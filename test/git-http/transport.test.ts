// Issue 12: the upload-pack exchange as a stream. Request bodies may come gzipped (git gzips
// any over 1 KiB) and are bounded after decompression; git never outlives its request: a
// client that leaves or stops reading gets git killed and the repository released (a
// redaction waiting on it proceeds); a git that stops reading its input never crashes the server.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, gitOk, scratch, startGitServer, type GitServer } from "./gitServer.ts";

const LIMIT = 1024 * 1024;

let s: GitServer;
beforeAll(async () => {
  s = await startGitServer({ gitHttp: { requestLimitBytes: LIMIT, stallMs: 500 } });
});
afterAll(() => s.close());

const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, "0")}${line}`;
/** A protocol v2 ls-refs command. */
const LS_REFS = `${pkt("command=ls-refs\n")}0001${pkt("symrefs\n")}0000`;

function post(storeId: string, body: Buffer | string, headers: Record<string, string> = {}) {
  return fetch(`${s.repoUrl(storeId)}/git-upload-pack`, {
    method: "POST",
    headers: { "x-api-key": ADMIN_KEY, "content-type": "application/x-git-upload-pack-request", "git-protocol": "version=2", ...headers },
    body,
  });
}

/** A store of `count` memories of `size` incompressible bytes, written concurrently (group commits). */
async function storeWith(count: number, size: number) {
  const store = await s.client.beta.memoryStores.create({ name: "transport" });
  const actor = { type: "api_actor", apiKeyId: "apikey_transport" } as const;
  const content = () => randomBytes(Math.floor(size * 0.75)).toString("base64");
  await Promise.all(Array.from({ length: count }, (_, i) => s.server.engine.createMemory(store.id, { path: `/blob-${i}.md`, content: content(), actor })));
  return { storeId: store.id };
}

/** Processes (git upload-pack, pack-objects) whose command line names the store's repository. */
function gitProcessesOn(gitDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(gitDir)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

describe("request bodies", () => {
  it("a gzip-encoded request is answered exactly like the plain one", async () => {
    const { storeId } = await storeWith(1, 100);
    const plain = await post(storeId, LS_REFS);
    const zipped = await post(storeId, gzipSync(LS_REFS), { "content-encoding": "gzip" });
    expect(plain.status).toBe(200);
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get("content-type")).toBe("application/x-git-upload-pack-result");
    const text = await zipped.text();
    expect(text).toBe(await plain.text());
    expect(text).toContain("symref-target:refs/heads/main");
  });

  it("git's own fetch with many haves (a gzipped request) succeeds", async () => {
    const { storeId } = await storeWith(3, 100);
    const dir = scratch("clone");
    await gitOk(["clone", "-q", s.authedUrl(storeId), dir]);
    // 40 local commits the server lacks: the first negotiation round carries them as haves.
    const who = ["-c", "user.name=t", "-c", "user.email=t@t"];
    for (let i = 0; i < 40; i++) await gitOk([...who, "-C", dir, "commit", "-q", "--allow-empty", "-m", `local ${i}`]);
    await s.client.beta.memoryStores.memories.create(storeId, { path: "/new.md", content: "new" });
    const trace = await gitOk(["-C", dir, "fetch", "-q", "origin"], { env: { GIT_TRACE_CURL: "1", GIT_TRACE_CURL_NO_DATA: "1" } }).catch((e) => String(e));
    expect(trace).toBe("");
    expect(await gitOk(["-C", dir, "show", "origin/main:new.md"])).toBe("new");
  });

  it("bodies over the limit, counted after gunzip, get 413 and a plain message", async () => {
    const { storeId } = await storeWith(1, 100);
    // A fetch whose haves git keeps reading: only the limit stops it.
    const haves = pkt(`have ${"1".repeat(40)}\n`).repeat(Math.ceil(LIMIT / 50));
    const big = `${pkt("command=fetch\n")}0001${haves}0000`;
    const zipped = gzipSync(big);
    expect(zipped.length).toBeLessThan(LIMIT);
    for (const [body, headers] of [
      [big, {}],
      [zipped, { "content-encoding": "gzip" }],
    ] as const) {
      const res = await post(storeId, body, headers);
      expect(res.status).toBe(413);
      expect(await res.text()).toBe(`memgit: git request body over ${LIMIT} bytes\n`);
    }
  });

  it("a body that is not gzip, an unknown encoding, a wrong content type: 400, 415, 415", async () => {
    const { storeId } = await storeWith(1, 100);
    const bad = await post(storeId, "not gzip at all", { "content-encoding": "gzip" });
    expect([bad.status, await bad.text()]).toEqual([400, "memgit: content-encoding: gzip: the body is not valid gzip\n"]);
    const br = await post(storeId, LS_REFS, { "content-encoding": "br" });
    expect(br.status).toBe(415);
    const type = await post(storeId, LS_REFS, { "content-type": "application/json" });
    expect([type.status, await type.text()]).toEqual([415, "memgit: content-type: must be application/x-git-upload-pack-request\n"]);
  });

  it("garbage that makes git quit mid-body never crashes the server (EPIPE on git's input)", async () => {
    const { storeId } = await storeWith(1, 100);
    const res = await post(storeId, "zzzz".repeat(LIMIT / 4 - 1));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("memgit: git upload-pack failed\n");
    expect((await fetch(`${s.server.url}/health`)).status).toBe(200);
    expect((await post(storeId, LS_REFS)).status).toBe(200);
  });
});

describe("git never outlives its request", () => {
  /** A full clone's fetch request, sent raw; resolves with the response left unread. */
  function startClone(storeId: string, want: string) {
    const body = `${pkt("command=fetch\n")}0001${pkt("no-progress\n")}${pkt(`want ${want}\n`)}${pkt("done\n")}0000`;
    return new Promise<{ destroy: () => void; status: number }>((resolve, reject) => {
      const req = request(`${s.repoUrl(storeId)}/git-upload-pack`, {
        method: "POST",
        headers: { "x-api-key": ADMIN_KEY, "content-type": "application/x-git-upload-pack-request", "git-protocol": "version=2" },
      });
      req.on("response", (res) => {
        res.pause();
        resolve({ status: res.statusCode!, destroy: () => req.destroy() });
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  it.each([
    ["leaves mid-pack", true],
    ["stops reading", false],
  ])("a client that %s: git is killed, the repository released, a waiting redaction proceeds", async (_name, leave) => {
    // About 12 MB of incompressible content: far more than the pipes and sockets buffer.
    const { storeId } = await storeWith(120, 100_000);
    const leak = await s.client.beta.memoryStores.memories.create(storeId, { path: "/leak.md", content: "leak" });
    await s.client.beta.memoryStores.memories.update(leak.id, { memory_store_id: storeId, content: "fixed" });
    await s.server.engine.flush(storeId);
    const head = (await gitOk(["--git-dir", s.gitDir(storeId), "rev-parse", "main"])).trim();

    const clone = await startClone(storeId, head);
    expect(clone.status).toBe(200);
    expect(gitProcessesOn(s.gitDir(storeId)).length).toBeGreaterThan(0);
    if (leave) clone.destroy();
    // The redaction waits for every reader of the repository: it returns only once git is gone.
    await s.client.beta.memoryStores.memoryVersions.redact(leak.memory_version_id, { memory_store_id: storeId });
    expect(gitProcessesOn(s.gitDir(storeId))).toEqual([]);
    clone.destroy();
    expect((await post(storeId, LS_REFS)).status).toBe(200);
  });
});
