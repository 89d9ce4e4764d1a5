// What every verb says when asked for help or when something goes wrong, as processes
// (./memgit): help on stdout with exit 0, --version, and failures naming the URL, the status and
// the API's message in one line (exit 1), never a stack trace.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { memgit, repo } from "./memgitCli.ts";

let server: RunningServer;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startServer({ memory: true, port: 0, logger: false });
  env = { MEMGIT_URL: server.url, MEMGIT_API_KEY: server.bootstrap!.secret };
});
afterAll(() => server.close());

/** A loopback port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const NO_STACK = /^\s+at /m;

/** `items` through `fn`, `n` at a time (each is a process). */
async function inBatches<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += n) out.push(...(await Promise.all(items.slice(i, i + n).map(fn))));
  return out;
}

describe("help and version", () => {
  it("--version prints the version alone; no arguments or an unknown verb print the verbs and exit 2", async () => {
    const version = (JSON.parse(readFileSync(`${repo}packages/cli/package.json`, "utf8")) as { version: string }).version;
    const [v, none, unknown, help] = await Promise.all([memgit(["--version"]), memgit([]), memgit(["frobnicate"]), memgit(["--help"])]);
    expect(v).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^usage: memgit <verb> \[options\]/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("memgit: unknown command 'frobnicate'");
    expect(help.code).toBe(0);
    for (const verb of ["stores", "memories", "versions", "log", "clone", "keys", "serve"]) expect(help.stdout).toMatch(new RegExp(`^  ${verb}\\b`, "m"));
  });

  it("every verb and subcommand answers --help on stdout with exit 0", async () => {
    const asks = [
      ["stores"], ["stores", "create"], ["stores", "stats"], ["memories"], ["memories", "edit"], ["memories", "put"],
      ["versions"], ["versions", "redact"], ["log"], ["clone"], ["prune"], ["checkpoints"],
    ];
    const results = await inBatches(asks, 4, (words) => memgit([...words, "--help"]));
    asks.forEach((words, i) => {
      const r = results[i]!;
      expect(r.code, `${words.join(" ")}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: memgit ${words.join(" ")} `));
    });
    expect(results[1]!.stdout).toContain("--url <url>"); // the verb's options, listed on its subcommands
  });

  it("misuse prints the usage and the reason to stderr, exit 2", async () => {
    const r = await memgit(["stores", "get"], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: memgit stores get /);
    expect(r.stderr).toContain("memgit stores: missing required argument 'store'");
  });
});

describe("completion", () => {
  it("completion bash prints a script that completes verbs, subcommands and options", async () => {
    const r = await memgit(["completion", "bash"]);
    expect(r.code, r.stderr).toBe(0);
    const complete = (words: string[]) => {
      const probe = `${r.stdout}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _memgit; echo "\${COMPREPLY[*]}"`;
      return spawnSync("bash", ["--norc", "-c", probe], { encoding: "utf8" }).stdout.trim();
    };
    expect(complete(["memgit", "sto"])).toBe("stores");
    expect(complete(["memgit", "stores", "st"])).toBe("stats");
    expect(complete(["memgit", "memories", "ls", "--r"])).toBe("--recursive");
    expect((await memgit(["completion", "zsh"])).stdout).toMatch(/^autoload -U \+X bashcompinit && bashcompinit\n_memgit\(\) \{/);
  });
});

describe("failures", () => {
  it("a wrong port names the URL it tried, for commander verbs and the others alike", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const wrong = { ...env, MEMGIT_URL: url };
    const [stores, sessions, restore] = await Promise.all([
      memgit(["stores", "list"], { env: wrong }),
      memgit(["sessions", "list"], { env: wrong }),
      memgit(["restore", "memstore_x", "--to", "x"], { env: wrong }),
    ]);
    expect(stores.code).toBe(1);
    expect(stores.stderr).toBe(`memgit stores: GET ${url}/v1/memory_stores: no answer (ECONNREFUSED); is memgit serving there? (--url, MEMGIT_URL)\n`);
    expect(sessions.code).toBe(1);
    expect(sessions.stderr).toBe(`memgit sessions: GET ${url}/v1/sessions: no answer (ECONNREFUSED); is memgit serving there? (--url, MEMGIT_URL)\n`);
    expect(restore.stderr).toBe(`memgit restore: POST ${url}/v1/memory_stores/memstore_x/restore: no answer (ECONNREFUSED); is memgit serving there? (--url, MEMGIT_URL)\n`);
  });

  it("an API error names the status, the API's message and the request", async () => {
    const r = await memgit(["stores", "get", "memstore_nope"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`memgit stores: 404 memory store not found: memstore_nope (GET ${server.url}/v1/memory_stores/memstore_nope)\n`);
    const bad = await memgit(["memories", "cat", "mem_nope", "--store", "memstore_nope"], { env: { ...env, MEMGIT_API_KEY: "sk-memgit-wrong" } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`^memgit memories: 401 .+ \\(GET ${server.url}/v1/memory_stores/memstore_nope/memories/mem_nope\\)\\n$`));
    expect(r.stderr + bad.stderr).not.toMatch(NO_STACK);
  });

  it("a missing key names MEMGIT_API_KEY and --key, not the SDK's apiKey option", async () => {
    const rs = await Promise.all([memgit(["stores", "list"], { env: { ...env, MEMGIT_API_KEY: "" } }), memgit(["prune", "memstore_x"], { env: { ...env, MEMGIT_API_KEY: "" } })]);
    for (const r of rs) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("set MEMGIT_API_KEY or pass --key-file FILE or --key KEY");
      expect(r.stderr).not.toContain("apiKey");
      expect(r.stderr).not.toMatch(NO_STACK);
    }
  });
});
