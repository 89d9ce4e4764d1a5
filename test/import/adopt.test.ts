// A store directory copied by hand into another data directory, whose owner workspace does not
// exist there: `memgit serve` lists it on stderr at start-up with the command that adopts it,
// and `memgit stores adopt` gives it to a workspace while the server
// runs; the next request sees it, with its ids and history (issue 12).
import Anthropic from "@anthropic-ai/sdk";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliVerb, serveProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { finished } from "../server/cliRun.ts";
import { storeAnswers } from "./storeAnswers.ts";
import { diskServer } from "./servers.ts";

const KEY = "sk-memgit-adopt-test-key-0001";
let serving: ServeProcess | null = null;
afterAll(async () => {
  await serving?.stop();
});

describe("orphan stores and memgit stores adopt", () => {
  it("reports a copied-in store at start-up and adopts it while the server runs", async () => {
    const source = await diskServer();
    const store = await source.client.beta.memoryStores.create({ name: "copied in" });
    await source.client.beta.memoryStores.memories.create(store.id, { path: "/kept.md", content: "kept" });
    const sourceAnswers = await storeAnswers(source.client, store.id);
    await source.close();

    const dataDir = mkdtempSync(join(tmpdir(), "memgit-adopt-"));
    mkdirSync(join(dataDir, "stores"), { recursive: true, mode: 0o700 });
    execFileSync("git", ["clone", "-q", "--bare", join(source.dataDir, "stores", `${store.id}.git`), join(dataDir, "stores", `${store.id}.git`)]);
    serving = await serveProcess(dataDir, { MEMGIT_BOOTSTRAP_KEY: KEY });
    const command = `./memgit stores adopt ${store.id} --workspace default`;
    expect(serving.stderr()).toContain(command);
    const client = new Anthropic({ apiKey: KEY, baseURL: serving.url, maxRetries: 0 });
    expect((await client.beta.memoryStores.list()).data.map((s) => s.id)).not.toContain(store.id);

    const [unknown, adopted] = await Promise.all([
      finished(cliVerb("stores", ["adopt", store.id, "--workspace", "nobody", "--data-dir", dataDir])),
      finished(cliVerb("stores", ["adopt", store.id, "--workspace", "default", "--data-dir", dataDir])),
    ]);
    expect([unknown.code, unknown.stderr]).toEqual([1, "memgit stores adopt: no workspace nobody (./memgit workspaces list)\n"]);
    expect([adopted.code, adopted.stderr]).toEqual([0, ""]);
    expect((await client.beta.memoryStores.list()).data.map((s) => s.id)).toContain(store.id);
    expect(await storeAnswers(client, store.id)).toEqual(sourceAnswers);

    // Owned now: a second adopt is refused unless it names the same workspace; a restart reports nothing.
    await finished(cliVerb("workspaces", ["create", "other", "--data-dir", dataDir]));
    const moved = await finished(cliVerb("stores", ["adopt", store.id, "--workspace", "other", "--data-dir", dataDir]));
    expect([moved.code, moved.stderr]).toEqual([1, expect.stringMatching(/belongs to workspace default, which exists/)]);
    await serving.stop();
    serving = await serveProcess(dataDir);
    expect(serving.stderr()).not.toContain("stores adopt");
  });
});
