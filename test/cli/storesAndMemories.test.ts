// `memgit stores`, `memgit memories`, `memgit versions` and `memgit log` as processes (./memgit)
// against a real server: human output by default, the wire shapes with --json, paths or ids.
import Anthropic from "@anthropic-ai/sdk";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { memgit, ok } from "./memgitCli.ts";

let server: RunningServer;
let sdk: Anthropic;
let env: Record<string, string>;
let tmp: string;
beforeAll(async () => {
  server = await startServer({ memory: true, port: 0, logger: false });
  sdk = new Anthropic({ apiKey: server.bootstrap!.secret, baseURL: server.url });
  env = { MEMGIT_URL: server.url, MEMGIT_API_KEY: server.bootstrap!.secret, MEMGIT_STORE: "" };
  tmp = mkdtempSync(join(tmpdir(), "memgit-cli-verbs-"));
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

const json = async (args: string[], extra: Record<string, string> = {}) => JSON.parse(await ok([...args, "--json"], { env: { ...env, ...extra } }));

describe("memgit stores", () => {
  it("create prints the id; get, list, update, archive and stats speak the wire shapes with --json", async () => {
    const id = (await ok(["stores", "create", "Team Notes", "--description", "shared", "--metadata", "team=a"], { env })).trim();
    expect(id).toMatch(/^memstore_\w+$/);
    expect(await json(["stores", "get", id])).toEqual(JSON.parse(JSON.stringify(await sdk.beta.memoryStores.retrieve(id))));

    const [human, listed] = await Promise.all([ok(["stores", "list"], { env }), json(["stores", "list"])]);
    expect(human.split("\n")[0]).toMatch(/^ID\s+NAME\s+CREATED\s+UPDATED\s+STATE$/);
    expect(human).toMatch(new RegExp(`^${id}\\s+Team Notes\\s+\\d+ seconds? ago\\s+.*active$`, "m"));
    expect(listed.data.map((s: { id: string }) => s.id)).toContain(id);

    const updated = await json(["stores", "update", id, "--name", "Renamed", "--metadata", "team=", "--metadata", "k=v"]);
    expect(updated).toMatchObject({ id, name: "Renamed", description: "shared", metadata: { k: "v" } });

    await sdk.beta.memoryStores.memories.create(id, { path: "/a.md", content: "12345" });
    const stats = await json(["stores", "stats", id]);
    expect(stats).toEqual(await sdk.get(`/v1/memory_stores/${id}/stats`));
    expect(stats).toMatchObject({ type: "memory_store_stats", memories: 1, live_bytes: 5, versions: 1 });
    expect(await ok(["stores", "stats", id], { env })).toMatch(/^memories\s+1$/m);

    expect((await json(["stores", "archive", id])).archived_at).not.toBeNull();
    expect((await json(["stores", "list"])).data.map((s: { id: string }) => s.id)).not.toContain(id);
  });

  it("delete asks for --yes (exit 2, nothing deleted), then deletes", async () => {
    const { id } = await sdk.beta.memoryStores.create({ name: "doomed" });
    const refused = await memgit(["stores", "delete", id], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass --yes");
    expect((await sdk.beta.memoryStores.retrieve(id)).id).toBe(id);
    expect(await ok(["stores", "delete", id, "--yes"], { env })).toBe(`deleted ${id}\n`);
    await expect(sdk.beta.memoryStores.retrieve(id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe("memgit memories, versions and log", () => {
  it("put from stdin or a file, ls, cat by path or id, mv, rm; log and versions show the history", async () => {
    const { id: store } = await sdk.beta.memoryStores.create({ name: "cli memories" });
    const e = { ...env, MEMGIT_STORE: store };
    expect(await ok(["memories", "put", "/prefs/editor.md"], { env: e, input: "prefers vim\n" })).toMatch(/^created \/prefs\/editor\.md {2}mem_\w+ {2}memver_[0-9a-f]{40}\n$/);
    const file = join(tmp, "shell.md");
    writeFileSync(file, "zsh\n");
    await ok(["memories", "put", "notes.md", file], { env: e });
    expect(await ok(["memories", "put", "notes.md", file], { env: e })).toMatch(/^unchanged \/notes\.md /);
    const edited = await json(["memories", "put", "/prefs/editor.md", "-"], e).catch(() => null);
    expect(edited).not.toBeNull(); // stdin was empty: the memory is now empty, one more version

    const top = await ok(["memories", "ls"], { env: e });
    expect(top.split("\n").map((l) => l.split(/\s+/)[0])).toEqual(["PATH", "/notes.md", "/prefs/", ""]);
    const all = await json(["memories", "ls", "-R"], e);
    expect(all.data.map((m: { path: string }) => m.path)).toEqual(["/notes.md", "/prefs/editor.md"]);

    const notes = all.data[0] as { id: string };
    expect(await ok(["memories", "cat", "/notes.md"], { env: e })).toBe("zsh\n");
    expect(await ok(["memories", "cat", notes.id], { env: e })).toBe("zsh\n");
    const wire = await json(["memories", "cat", "notes.md"], e);
    expect(wire).toEqual(JSON.parse(JSON.stringify(await sdk.beta.memoryStores.memories.retrieve(notes.id, { memory_store_id: store, view: "full" }))));

    expect(await ok(["memories", "mv", "notes.md", "/archive/notes.md"], { env: e })).toMatch(/^moved \/notes\.md -> \/archive\/notes\.md /);
    expect(await ok(["memories", "rm", notes.id], { env: e })).toBe(`deleted /archive/notes.md  ${notes.id}\n`);

    const log = (await ok(["log"], { env: e })).trim().split("\n");
    expect(log[0]).toMatch(/^VERSION\s+TIME\s+ACTOR\s+OPERATION\s+PATH\s+SIZE$/);
    expect(log.slice(1).map((l) => l.split(/\s{2,}/)[3])).toEqual(["deleted", "modified", "modified", "created", "created"]);
    expect(log[1]).toMatch(/^memver_[0-9a-f]{40}\s+\d+ seconds? ago\s+apikey_\w+\s+deleted\s+\/archive\/notes\.md\s+-$/);
    // A path no live memory has: the versions written at it.
    const atNotes = (await ok(["log", "/notes.md"], { env: e })).trim().split("\n");
    expect(atNotes.slice(1).map((l) => l.split(/\s{2,}/)[3])).toEqual(["created"]);

    const versions = await json(["versions", "list", "prefs/editor.md"], e);
    expect(versions.data.map((v: { operation: string }) => v.operation)).toEqual(["modified", "created"]);
    const first = versions.data[1] as { id: string };
    expect(await json(["versions", "show", first.id], e)).toEqual(
      JSON.parse(JSON.stringify(await sdk.beta.memoryStores.memoryVersions.retrieve(first.id, { memory_store_id: store, view: "full" }))),
    );
    expect(await ok(["versions", "show", first.id], { env: e })).toMatch(/^version\s+memver_\w+\n[\s\S]*\n\nprefers vim\n$/);
    expect(await ok(["versions", "redact", first.id, "--yes"], { env: e })).toBe(`redacted ${first.id}\n`);
    expect((await sdk.beta.memoryStores.memoryVersions.retrieve(first.id, { memory_store_id: store, view: "full" })).content).toBeNull();
  });

  it("memories and versions need a store: --store or MEMGIT_STORE", async () => {
    const r = await memgit(["memories", "ls"], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("memgit memories: no store: pass --store MEMSTORE_ID or set MEMGIT_STORE\n");
  });
});
