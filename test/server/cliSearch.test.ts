// `memgit search` as a process against a real server (issue 13 §Search): grep-like lines,
// --json, the flags that reach the route, and API errors as one line.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { cliVerb } from "../helpers/serveProcess.ts";
import { finished } from "./cliRun.ts";

let server: RunningServer;
let client: Anthropic;
beforeAll(async () => {
  server = await startServer({ memory: true, port: 0, logger: false });
  client = new Anthropic({ apiKey: server.bootstrap!.secret, baseURL: server.url });
});
afterAll(() => server.close());

const run = (args: string[]) => finished(cliVerb("search", args, { MEMGIT_URL: server.url, MEMGIT_API_KEY: server.bootstrap!.secret }));

describe("memgit search", () => {
  it("prints PATH:LINE:TEXT in path order, takes --regex, -i, --path-prefix and --as-of, and --json", async () => {
    const store = await client.beta.memoryStores.create({ name: "cli search" });
    const first = await client.beta.memoryStores.memories.create(store.id, { path: "/prefs/editor.md", content: "# Editor\nprefers Vim\n" });
    await client.beta.memoryStores.memories.create(store.id, { path: "/notes/a.md", content: "vim: yes\nno\nvim again" });

    // Processes start slowly (tsx): all at once.
    const [plain, folded, regex, past, json] = await Promise.all([
      run([store.id, "vim"]),
      run([store.id, "VIM", "-i", "--path-prefix", "/prefs/"]),
      run([store.id, "^v.m$|again$", "--regex"]),
      run([store.id, "vim", "--as-of", first.memory_version_id]),
      run([store.id, "yes", "--json"]),
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe("/notes/a.md:1:vim: yes\n/notes/a.md:3:vim again\n");
    expect(folded.stdout).toBe("/prefs/editor.md:2:prefers Vim\n");
    expect(regex.stdout).toBe("/notes/a.md:3:vim again\n");
    expect(past.stdout).toBe("");
    expect(JSON.parse(json.stdout)).toEqual({
      data: [expect.objectContaining({ type: "memory_search_result", lines: [{ line_number: 1, text: "vim: yes", truncated: false }], line_count: 1 })],
    });
  });

  it("--help exits 0; misuse 2; an API error is one line naming the status and message, exit 1", async () => {
    const store = await client.beta.memoryStores.create({ name: "cli search errors" });
    const [help, misuse, bad] = await Promise.all([finished(cliVerb("search", ["--help"])), run(["memstore_x"]), run([store.id, "(", "--regex"])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: memgit search /);
    expect(misuse.code).toBe(2);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^memgit search: 400 q: is not a valid regular expression/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
