// What the CLI's client and admin verbs accept on their command lines: --help everywhere,
// no silent fallback for a mistyped access mode, and credentials kept out of the process
// list (docs/decisions/0016).
import Anthropic from "@anthropic-ai/sdk";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { cliVerb } from "../helpers/serveProcess.ts";
import { finished } from "./cliRun.ts";

let server: RunningServer;
let key: string;
let admin: Anthropic;
let tmp: string;
beforeAll(async () => {
  server = await startServer({ memory: true, port: 0, logger: false });
  key = server.bootstrap!.secret;
  admin = new Anthropic({ apiKey: key, baseURL: server.url });
  tmp = mkdtempSync(join(tmpdir(), "memgit-cliargs-"));
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs a client verb against the test server; MEMGIT_API_KEY only when given. */
const client = (name: string, args: string[], apiKey = "") =>
  finished(cliVerb(name, args, { MEMGIT_URL: server.url, MEMGIT_API_KEY: apiKey }));

describe("--help", () => {
  it("every verb prints its usage to stdout and exits 0; client verbs prefer MEMGIT_API_KEY or --key-file", async () => {
    for (const name of ["keys", "workspaces", "sessions", "serve", "mount", "sync"]) {
      const { code, stdout, stderr } = await finished(cliVerb(name, ["--help"]));
      expect(code, `${name}: ${stderr}`).toBe(0);
      expect(stdout).toMatch(new RegExp(`^usage: memgit ${name} `));
      if (!["sessions", "mount", "sync"].includes(name)) continue;
      expect(stdout).toContain("--key-file FILE");
      expect(stdout).toContain("MEMGIT_API_KEY");
      expect(stdout).toMatch(/--key KEY .*every local user can read it/);
    }
  });
});

describe("sessions create --store ID:ACCESS", () => {
  it("an unknown access mode (readonly for read_only) is an error and creates nothing", async () => {
    const store = await admin.beta.memoryStores.create({ name: "typo" });
    const r = await client("sessions", ["create", "--store", `${store.id}:readonly`], key);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--store ${store.id}:readonly: access must be read_only or read_write`);
    expect((await admin.beta.sessions.list({ memory_store_id: store.id })).data).toEqual([]);
  });

  it("read_only, read_write and no suffix attach as written", async () => {
    const [a, b, c] = await Promise.all(["ro", "rw", "plain"].map((name) => admin.beta.memoryStores.create({ name })));
    const r = await client("sessions", ["create", "--store", `${a!.id}:read_only`, "--store", `${b!.id}:read_write`, "--store", c!.id], key);
    expect(r.code, r.stderr).toBe(0);
    const session = await admin.beta.sessions.retrieve(r.stdout.trim().split("\n").at(-1)!);
    expect(session.resources.map((x) => (x as { access: string }).access)).toEqual(["read_only", "read_write", "read_write"]);
  });
});

describe("credentials on the command line", () => {
  it("--key works but warns that every local user can see it; MEMGIT_API_KEY and --key-file do not warn", async () => {
    const viaFlag = await client("sessions", ["list", "--key", key]);
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    expect(viaFlag.stderr).toContain("memgit sessions: warning: --key is visible to every local user in the process list");

    const viaEnv = await client("sessions", ["list"], key);
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(viaEnv.stderr).toBe("");

    const file = join(tmp, "key");
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    const viaFile = await client("sessions", ["list", "--key-file", file]);
    expect(viaFile.code, viaFile.stderr).toBe(0);
    expect(viaFile.stderr).toBe("");
    expect(viaFile.stdout).toBe(viaEnv.stdout);
  });

  it("without any credential the verbs say where to put one", async () => {
    const r = await client("sessions", ["list"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("set MEMGIT_API_KEY or pass --key-file FILE");
  });

  it("sync takes its credential from --key-file", async () => {
    const store = await admin.beta.memoryStores.create({ name: "Key File Sync" });
    await admin.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "from the store" });
    const file = join(tmp, "sync-key");
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    const child = cliVerb("sync", ["--store", store.id, "--key-file", file, "--url", server.url, join(tmp, "synced")], { MEMGIT_API_KEY: "" });
    const done = finished(child);
    let out = "";
    const started = new Promise<void>((resolve) =>
      child.stdout!.on("data", (d) => {
        out += d;
        if (out.includes("synced;")) resolve();
      }),
    );
    await Promise.race([started, done]);
    child.kill("SIGTERM");
    const r = await done;
    expect(out).toContain("synced;");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("warning");
  });
});
