// `memgit memories edit` with a scripted $EDITOR (a concurrent change is reported, never
// overwritten) and `memgit clone` with the real git binary (`git pull` works afterwards, and the
// key is in neither the remote URL nor .git/config).
import Anthropic from "@anthropic-ai/sdk";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { memgit, ok } from "./memgitCli.ts";

let server: RunningServer;
let sdk: Anthropic;
let key: string;
let tmp: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "memgit-cli-edit-"));
  // On disk: clones are served from the stores' repositories.
  server = await startServer({ dataDir: join(tmp, "data"), port: 0, logger: false });
  key = server.bootstrap!.secret;
  sdk = new Anthropic({ apiKey: key, baseURL: server.url });
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

function script(name: string, body: string): string {
  const file = join(tmp, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe("memgit memories edit", () => {
  it("writes what the editor saved; an editor that changes nothing writes nothing", async () => {
    const { id: store } = await sdk.beta.memoryStores.create({ name: "edit" });
    const m = await sdk.beta.memoryStores.memories.create(store, { path: "/a.md", content: "before\n" });
    const env = { MEMGIT_URL: server.url, MEMGIT_API_KEY: key, MEMGIT_STORE: store, VISUAL: "" };
    const edited = await ok(["memories", "edit", "/a.md"], { env: { ...env, EDITOR: script("append.sh", `printf 'after\\n' >> "$1"`) } });
    expect(edited).toMatch(/^updated \/a\.md {2}mem_\w+ {2}memver_[0-9a-f]{40}\n$/);
    expect((await sdk.beta.memoryStores.memories.retrieve(m.id, { memory_store_id: store, view: "full" })).content).toBe("before\nafter\n");
    expect(await ok(["memories", "edit", m.id], { env: { ...env, EDITOR: "true" } })).toBe("no change to /a.md\n");
    expect((await sdk.beta.memoryStores.memoryVersions.list(store)).data).toHaveLength(2);
  });

  it("a change made while the editor is open is reported (exit 1) and kept; the edit is saved aside", async () => {
    const { id: store } = await sdk.beta.memoryStores.create({ name: "edit race" });
    const m = await sdk.beta.memoryStores.memories.create(store, { path: "/race.md", content: "v1\n" });
    const marks = mkdtempSync(join(tmp, "marks-"));
    // The editor says it is open, waits for the test's go, then saves.
    const editor = script("slow.sh", `touch "${marks}/opened"\nwhile [ ! -f "${marks}/go" ]; do sleep 0.02; done\nprintf 'mine\\n' > "$1"`);
    const running = memgit(["memories", "edit", "race.md"], { env: { MEMGIT_URL: server.url, MEMGIT_API_KEY: key, MEMGIT_STORE: store, VISUAL: "", EDITOR: editor } });
    await until(() => existsSync(join(marks, "opened")));
    await sdk.beta.memoryStores.memories.update(m.id, { memory_store_id: store, content: "theirs\n" });
    writeFileSync(join(marks, "go"), "");
    const r = await running;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("memgit memories: /race.md changed on the server while you edited it; nothing was overwritten.");
    expect((await sdk.beta.memoryStores.memories.retrieve(m.id, { memory_store_id: store, view: "full" })).content).toBe("theirs\n");
    const aside = /Your text is in (\S+):/.exec(r.stderr)![1]!;
    expect(readFileSync(aside, "utf8")).toBe("mine\n");
    expect(statSync(aside).mode & 0o077).toBe(0);
  });
});

describe("memgit clone", () => {
  it("clones over HTTP with the credential kept out of the URL and config; git pull then works without a key", async () => {
    const { id: store } = await sdk.beta.memoryStores.create({ name: "clone me" });
    await sdk.beta.memoryStores.memories.create(store, { path: "/notes/first.md", content: "one\n" });
    const dir = join(tmp, "notes");
    const out = await ok(["clone", store, dir], { env: { MEMGIT_URL: server.url, MEMGIT_API_KEY: key } });
    expect(out).toContain(`cloned ${store} into ${dir}`);
    expect(readFileSync(join(dir, "notes/first.md"), "utf8")).toBe("one\n");
    const config = readFileSync(join(dir, ".git/config"), "utf8");
    expect(config).not.toContain(key);
    expect(config).toContain(`url = ${server.url}/git/${store}.git\n`);
    expect(statSync(join(dir, ".git/memgit-credentials")).mode & 0o077).toBe(0);

    await sdk.beta.memoryStores.memories.create(store, { path: "/second.md", content: "two\n" });
    const { MEMGIT_API_KEY: _drop, ...rest } = process.env;
    // Asynchronously: the server answering git runs in this very process.
    const pull = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn("git", ["-C", dir, "pull", "--quiet"], { env: { ...rest, GIT_TERMINAL_PROMPT: "0" } });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(pull.code, pull.stderr).toBe(0);
    expect(readFileSync(join(dir, "second.md"), "utf8")).toBe("two\n");
  });

  it("a store it cannot see is the API's 404, and nothing is created", async () => {
    const dir = join(tmp, "none");
    const r = await memgit(["clone", "memstore_nope", dir], { env: { MEMGIT_URL: server.url, MEMGIT_API_KEY: key } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`memgit clone: 404 memory store not found: memstore_nope (GET ${server.url}/v1/memory_stores/memstore_nope)\n`);
    expect(existsSync(dir)).toBe(false);
  });
});
