// `memgit restore`, `memgit diff` and `memgit checkpoints` as processes against a real server
// (issue 11 part 3): a point in history is a memver_ id, an RFC 3339 time or a checkpoint name.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { cliVerb } from "../helpers/serveProcess.ts";
import { finished } from "./cliRun.ts";

let server: RunningServer;
let key: string;
let client: Anthropic;
beforeAll(async () => {
  server = await startServer({ memory: true, port: 0, logger: false });
  key = server.bootstrap!.secret;
  client = new Anthropic({ apiKey: key, baseURL: server.url });
});
afterAll(() => server.close());

const run = (name: string, args: string[], apiKey = key) => finished(cliVerb(name, args, { MEMGIT_URL: server.url, MEMGIT_API_KEY: apiKey }));
const memories = () => client.beta.memoryStores.memories;

async function story() {
  const store = await client.beta.memoryStores.create({ name: "cli history" });
  const a = await memories().create(store.id, { path: "/prefs/editor.md", content: "vim\n" });
  const b = await memories().create(store.id, { path: "/prefs/shell.md", content: "zsh\n" });
  await memories().update(a.id, { memory_store_id: store.id, content: "helix\n" });
  await memories().delete(b.id, { memory_store_id: store.id });
  return { store, a, b, mark: b.memory_version_id };
}

const live = async (storeId: string) => (await memories().list(storeId, { view: "full" })).data.map((m) => (m.type === "memory" ? [m.path, m.content] : []));

describe("memgit restore, diff, checkpoints", () => {
  it("--help prints each verb's usage to stdout; misuse exits 2", async () => {
    const names = ["restore", "diff", "checkpoints"];
    const helps = await Promise.all(names.map((name) => finished(cliVerb(name, ["--help"]))));
    const misuses = await Promise.all(names.map((name) => run(name, name === "checkpoints" ? ["memstore_x", "rename", "a"] : ["memstore_x"])));
    names.forEach((name, i) => {
      expect(helps[i]!.code, helps[i]!.stderr).toBe(0);
      expect(helps[i]!.stdout).toMatch(new RegExp(`^usage: memgit ${name} `));
      expect(helps[i]!.stdout).toContain("MEMGIT_API_KEY");
      expect(misuses[i]!.code).toBe(2);
      expect(misuses[i]!.stderr).toMatch(new RegExp(`^usage: memgit ${name} `));
    });
  });

  it("checkpoints create, list and delete; restore --to NAME brings the store back", async () => {
    const s = await story();
    const made = await run("checkpoints", [s.store.id, "create", "before-edit"]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^before-edit\t\S+Z\tmemver_[0-9a-f]{40}\n$/);
    await memories().create(s.store.id, { path: "/later.md", content: "later\n" });
    const listed = await run("checkpoints", [s.store.id]);
    expect(listed.stdout).toBe(made.stdout);

    const restored = await run("restore", [s.store.id, "--to", "before-edit"]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^deleted\tmem_\w+\t\/later\.md\tmemver_[0-9a-f]{40}\nrestored memstore_\w+ to \S+Z: 1 version\(s\) written\n$/);
    expect(await live(s.store.id)).toEqual([["/prefs/editor.md", "helix\n"]]);

    const dup = await run("checkpoints", [s.store.id, "create", "before-edit"]);
    expect(dup.code).toBe(1);
    // Failures name the status, the API's message and the request.
    expect(dup.stderr).toBe(`memgit checkpoints: 409 checkpoint before-edit already exists (POST ${server.url}/v1/memory_stores/${s.store.id}/checkpoints)\n`);
    expect((await run("checkpoints", [s.store.id, "delete", "before-edit"])).stdout).toBe("deleted before-edit\n");
    expect((await run("checkpoints", [s.store.id])).stdout).toBe("");
  });

  it("restore --to a version id or a time, whole store or --memory; errors are one line, exit 1", async () => {
    const s = await story();
    const all = await run("restore", [s.store.id, "--to", s.mark]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.split("\n").slice(0, -2).map((l) => l.split("\t").slice(0, 3)).sort()).toEqual(
      [["created", s.b.id, "/prefs/shell.md"], ["modified", s.a.id, "/prefs/editor.md"]].sort(),
    );
    expect(await live(s.store.id)).toEqual([["/prefs/editor.md", "vim\n"], ["/prefs/shell.md", "zsh\n"]]);

    await memories().update(s.a.id, { memory_store_id: s.store.id, content: "nano\n" });
    const one = await run("restore", [s.store.id, "--memory", s.a.id, "--to", new Date(Date.now() + 60_000).toISOString()]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`^${s.a.id}\t/prefs/editor.md\tmemver_[0-9a-f]{40}\n$`));

    const bad = await run("restore", [s.store.id, "--to", "1999-01-01T00:00:00Z"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^memgit restore: 400 as_of: must not be before the memory store was created/);
    const ro = server.auth.createApiKey(server.bootstrap!.workspace.id, "read_only").secret;
    const denied = await run("restore", [s.store.id, "--to", s.mark], ro);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(`memgit restore: 403 this API key is read_only (POST ${server.url}/v1/memory_stores/${s.store.id}/restore)\n`);
  });

  it("diff --from --to prints unified diffs (or --stat lines); --version diffs one version", async () => {
    const s = await story();
    const d = await run("diff", [s.store.id, "--from", s.mark, "--to", "2999-01-01T00:00:00Z"]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toBe(
      "--- a/prefs/editor.md\n+++ b/prefs/editor.md\n@@ -1 +1 @@\n-vim\n+helix\n" + "--- a/prefs/shell.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-zsh\n",
    );
    const stat = await run("diff", [s.store.id, "--from", s.mark, "--to", "2999-01-01T00:00:00Z", "--stat"]);
    expect(stat.stdout).toBe(`modified\t${s.a.id}\t/prefs/editor.md\ndeleted\t${s.b.id}\t/prefs/shell.md\n`);
    const one = await run("diff", [s.store.id, "--version", s.a.memory_version_id]);
    expect(one.stdout).toBe("--- /dev/null\n+++ b/prefs/editor.md\n@@ -0,0 +1 @@\n+vim\n");
  });
});
