// `memgit export` and `memgit import` as their own processes against real servers: a bundle
// file, a repository path (a bare backup of a pruned store) and a git URL (another memgit's
// /git/ route) all come back with the same ids; errors are one line and exit 1.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliVerb } from "../helpers/serveProcess.ts";
import { finished } from "../server/cliRun.ts";
import { storeAnswers } from "./storeAnswers.ts";
import { diskServer, type DiskServer } from "./servers.ts";

const DAY = 86_400_000;
let now = Date.parse("2026-05-01T00:00:00Z");
let source: DiskServer;
let target: DiskServer;
beforeAll(async () => {
  const options = { clock: () => now++, retention: { days: 30, keep: 1, intervalMs: 0 } };
  [source, target] = await Promise.all([diskServer(options), diskServer(options)]);
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

const run = (verb: string, args: string[], server: DiskServer) => finished(cliVerb(verb, args, { MEMGIT_URL: server.server.url, MEMGIT_API_KEY: server.key }));
const dir = () => mkdtempSync(join(tmpdir(), "memgit-cli-import-"));

async function pruned(name: string): Promise<string> {
  const memories = source.client.beta.memoryStores.memories;
  const store = await source.client.beta.memoryStores.create({ name });
  const m = await memories.create(store.id, { path: "/a.md", content: "a0" });
  await memories.update(m.id, { memory_store_id: store.id, content: "a1" });
  now += 45 * DAY;
  await memories.create(store.id, { path: "/b.md", content: "b0" });
  await source.client.post(`/v1/memory_stores/${store.id}/prune`, {});
  return store.id;
}

describe("memgit export / memgit import", () => {
  it("--help to stdout; misuse exits 2", async () => {
    const verbs = ["import", "export"];
    const [helps, misuses] = await Promise.all([Promise.all(verbs.map((v) => run(v, ["--help"], source))), Promise.all(verbs.map((v) => run(v, [], source)))]);
    verbs.forEach((verb, i) => {
      expect([helps[i]!.code, helps[i]!.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^usage: memgit ${verb} `))]);
      expect(misuses[i]!.code).toBe(2);
    });
  });

  it("a bundle file: export, then import on another server, same answers", async () => {
    const id = await pruned("by file");
    const file = join(dir(), "store.bundle");
    const exported = await run("export", [id, file], source);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`^${file}\t\\d+ bytes\n$`));
    const imported = await run("import", [file], target);
    expect([imported.code, imported.stderr]).toEqual([0, ""]);
    expect(imported.stdout).toBe(`${id}\tby file\n`);
    expect(await storeAnswers(target.client, id)).toEqual(await storeAnswers(source.client, id));
    // Again: the id is taken (409, one line); --new-id makes a copy.
    const [again, copy] = await Promise.all([run("import", [file], target), run("import", [file, "--new-id"], target)]);
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/^memgit import: 409 memory store memstore_\w+ already exists on this server; .*\n$/)]);
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).not.toContain(id);
  });

  it("a repository path (a bare backup of a pruned store) and a git URL", async () => {
    const byPath = await pruned("by path");
    await source.server.engine.flush(byPath);
    const backup = join(dir(), "backup.git");
    execFileSync("git", ["clone", "-q", "--mirror", `file://${join(source.dataDir, "stores", `${byPath}.git`)}`, backup]);
    const fromPath = await run("import", [backup], target);
    expect([fromPath.code, fromPath.stderr]).toEqual([0, ""]);
    expect(await storeAnswers(target.client, byPath)).toEqual(await storeAnswers(source.client, byPath));

    const byUrl = await pruned("by url");
    const url = `http://x:${source.key}@127.0.0.1:${source.server.port}/git/${byUrl}.git`;
    const fromUrl = await run("import", [url], target);
    expect([fromUrl.code, fromUrl.stderr]).toEqual([0, ""]);
    expect(await storeAnswers(target.client, byUrl)).toEqual(await storeAnswers(source.client, byUrl));
  });

  it("a file that is not a bundle: one line, exit 1; an export that fails leaves no file", async () => {
    const junk = join(dir(), "junk.bundle");
    writeFileSync(junk, "not a bundle\n");
    const file = join(dir(), "none.bundle");
    const [bad, missing] = await Promise.all([run("import", [junk], target), run("export", ["memstore_111111111111111111111111", file], source)]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/^memgit import: 400 bundle refused, nothing imported: not a git bundle/)]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/^memgit export: 404 /)]);
    expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
  });
});
