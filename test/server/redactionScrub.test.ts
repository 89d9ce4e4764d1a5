// Redaction through the official SDK against a server on disk (issue 11 part 1): after the
// 200, no file under the data directory (stores, index, registry, server database, journals)
// and no object of the store's repository or of a fresh mirror clone holds the secret or the
// redacted path; every version id answers as before; git fsck passes.
import Anthropic from "@anthropic-ai/sdk";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";

const KEY = "sk-memgit-redaction-scrub-test-0001";
const SECRET = "ghp_" + "Zq8s7Yt2Lm4Nx9Pk3Rv6Wb1Jc5Hd0Fg";
const SECRET_PATH = "creds-b83f10aa";

function filesHolding(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) hits.push(...filesHolding(p, needle));
    else if (readFileSync(p).includes(needle)) hits.push(p);
  }
  return hits;
}

const objects = (gitDir: string) => execFileSync("git", ["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch"], { maxBuffer: 256 << 20 });

describe("redaction through the API", () => {
  let server: RunningServer;
  let dataDir: string;
  let client: Anthropic;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "memgit-redact-api-"));
    server = await startServer({ dataDir, port: 0, logger: false, bootstrapKey: KEY });
    client = new Anthropic({ apiKey: KEY, baseURL: `http://127.0.0.1:${server.port}`, maxRetries: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it("removes the bytes from the repository, its clones and the data directory; ids hold", async () => {
    const stores = client.beta.memoryStores;
    const store = await stores.create({ name: "scrub" });
    const leak = await stores.memories.create(store.id, { path: `/${SECRET_PATH}/token.md`, content: `GITHUB_TOKEN=${SECRET}\n` });
    // The raw scan can see the secret (the journal holds it as written).
    expect(filesHolding(dataDir, SECRET).length).toBeGreaterThan(0);
    await stores.memories.update(leak.id, { memory_store_id: store.id, path: "/env.md", content: "GITHUB_TOKEN=<rotated>\n" });
    for (let i = 0; i < 5; i++) await stores.memories.create(store.id, { path: `/n/${i}.md`, content: `note ${i}` });

    const ids = async () => {
      const out = [];
      for await (const v of stores.memoryVersions.list(store.id)) out.push(v.id);
      return out;
    };
    const before = await ids();
    const redacted = await stores.memoryVersions.redact(leak.memory_version_id, { memory_store_id: store.id });
    expect(redacted).toMatchObject({ id: leak.memory_version_id, path: null, content: null });
    expect(redacted.redacted_at).not.toBeNull();
    expect(await ids()).toEqual(before);
    const again = await stores.memoryVersions.retrieve(leak.memory_version_id, { memory_store_id: store.id, view: "full" });
    expect(again).toMatchObject({ id: leak.memory_version_id, operation: "created", memory_id: leak.id, path: null, content: null });

    const gitDir = join(dataDir, "stores", `${store.id}.git`);
    for (const needle of [SECRET, SECRET_PATH]) {
      expect(objects(gitDir).includes(needle), needle).toBe(false);
      expect(filesHolding(dataDir, needle)).toEqual([]);
    }
    const mirror = join(mkdtempSync(join(tmpdir(), "memgit-mirror-")), "m.git");
    execFileSync("git", ["clone", "-q", "--mirror", gitDir, mirror]);
    expect(objects(mirror).includes(SECRET)).toBe(false);
    execFileSync("git", ["--git-dir", gitDir, "fsck", "--full", "--strict"], { stdio: "pipe" });
  });
});
