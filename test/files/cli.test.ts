// `memgit mount` and `memgit sync` as a user runs them: child processes against a real server.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SERVER_URL } from "@memgit/files";
import { DEFAULT_HOST, DEFAULT_PORT } from "@memgit/server";
import { byPath, childEnv, eventually, sh, spawnIn, startStack, versions, type Stack } from "./stack.ts";

const main = fileURLToPath(new URL("../../packages/cli/src/main.ts", import.meta.url));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

function memgit(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", main, ...args], {
    env: { ...childEnv, MEMGIT_URL: stack.url, MEMGIT_API_KEY: stack.key, ...env },
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  return { child, output: () => out, exited };
}

const APPEND_UNTIL_REFUSED = [
  "import errno, os, time",
  "fd = os.open('log.md', os.O_WRONLY | os.O_CREAT | os.O_APPEND)",
  "n = 0",
  "while True:",
  "    try:",
  "        os.write(fd, b'line %d\\n' % (n + 1))",
  "    except OSError as e:",
  "        print('last', n, errno.errorcode[e.errno], flush=True)",
  "        break",
  "    n += 1",
  "    if n == 1: print('started', flush=True)",
  "    time.sleep(0.001)",
].join("\n");

const mounted = async (dir: string) => (await readFile("/proc/mounts", "utf8")).split("\n").some((l) => l.split(" ")[1] === dir);

it("the default URL is the one `memgit serve` listens on", () => {
  expect(DEFAULT_SERVER_URL).toBe(`http://${DEFAULT_HOST}:${DEFAULT_PORT}`);
});

describe("memgit mount", () => {
  it("mounts, and on SIGTERM keeps every acknowledged write (even on a still-open file) and unmounts", async () => {
    const store = await stack.newStore("CLI Mount");
    const dir = join(stack.tmp, "cli-mnt");
    await sh(`mkdir -p ${dir}`, stack.tmp);
    const p = memgit(["mount", "--store", store, dir]);
    expect(await eventually(async () => p.output().includes("mounted;"), 30_000)).toBe(true);
    const sub = join(dir, "cli-mount");
    expect((await sh("echo closed > a.md && cat a.md", sub)).stdout).toBe("closed\n");
    // A writer that keeps its descriptor open: the write was acknowledged, close never came.
    const holder = spawnIn(sub, "python3", [
      "-c",
      "import time\nf = open('open.md', 'w')\nf.write('acknowledged\\n')\nf.flush()\nprint('ready', flush=True)\ntime.sleep(60)",
    ]);
    let ready = "";
    holder.stdout.on("data", (d: Buffer) => (ready += d.toString()));
    expect(await eventually(async () => ready.includes("ready"))).toBe(true);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    holder.kill("SIGKILL");
    expect(await mounted(dir)).toBe(false);
    expect((await byPath(stack.sdk, store, "/a.md"))?.content).toBe("closed\n");
    expect((await byPath(stack.sdk, store, "/open.md"))?.content).toBe("acknowledged\n");
  });

  it("on SIGTERM stops accepting writes before its last flush: every write() that returned is stored", async () => {
    const store = await stack.newStore("CLI Append");
    const dir = join(stack.tmp, "cli-append");
    await sh(`mkdir -p ${dir}`, stack.tmp);
    const p = memgit(["mount", "--store", store, dir]);
    expect(await eventually(async () => p.output().includes("mounted;"), 30_000)).toBe(true);
    // Appends line after line through one descriptor until a write() is refused.
    const writer = spawnIn(join(dir, "cli-append"), "python3", ["-c", APPEND_UNTIL_REFUSED]);
    const done = new Promise((r) => writer.on("close", r));
    let out = "";
    writer.stdout.on("data", (d: Buffer) => (out += d.toString()));
    expect(await eventually(async () => out.includes("started"))).toBe(true);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    await done;
    const [, last, errno] = /last (\d+) (\w+)/.exec(out) ?? [];
    const lines = Array.from({ length: Number(last) }, (_, i) => `line ${i + 1}\n`).join("");
    expect((await byPath(stack.sdk, store, "/log.md"))?.content).toBe(lines);
    expect(errno).toBe("EROFS"); // the refusal: the mount no longer accepts changes
  });

  it("--session with the session's token mounts its stores; writes are session_actor", async () => {
    const store = await stack.newStore("Session Mount");
    const session = await stack.sdk.beta.sessions.create({
      agent: "agent_cli",
      environment_id: "env_cli",
      resources: [{ type: "memory_store", memory_store_id: store }],
    });
    const res = await fetch(`${stack.url}/v1/sessions/${session.id}/tokens`, {
      method: "POST",
      headers: { "x-api-key": stack.key, "anthropic-beta": "managed-agents-2026-04-01" },
    });
    const token = ((await res.json()) as { token: string }).token;
    const dir = join(stack.tmp, "cli-session-mnt");
    await sh(`mkdir -p ${dir}`, "/");
    const p = memgit(["mount", "--session", session.id, dir], { MEMGIT_API_KEY: token });
    expect(await eventually(async () => p.output().includes("mounted;"), 30_000)).toBe(true);
    expect(p.output()).toContain(`${dir}/session-mount\t${store}\tread_write`);
    await sh("echo agent > note.md", join(dir, "session-mount"));
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    const note = await byPath(stack.sdk, store, "/note.md");
    expect((await versions(stack.sdk, store, { memory_id: note!.id }))[0]?.created_by).toEqual({ type: "session_actor", session_id: session.id });
  });

  it("without FUSE, says so and points to memgit sync", async () => {
    const p = memgit(["mount", "--store", "memstore_x", join(stack.tmp, "nofuse")], { MEMGIT_FUSE_DEVICE: "/dev/no-such-fuse" });
    expect(await p.exited).toBe(3);
    expect(p.output()).toContain("FUSE is not available here (no /dev/no-such-fuse)");
    expect(p.output()).toContain("memgit sync --store memstore_x");
  });

  it("refuses bad usage", async () => {
    const p = memgit(["mount", "/tmp/nowhere"]);
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain("usage: memgit mount");
  });
});

describe("memgit sync", () => {
  it("downloads a store into DIR/<slug>, pushes a local edit, and removes the folder at the end", async () => {
    const store = await stack.newStore("CLI Sync");
    await stack.sdk.beta.memoryStores.memories.create(store, { path: "/hello.md", content: "from the store\n" });
    const dir = join(stack.tmp, "cli-sync");
    const p = memgit(["sync", "--store", store, "--interval", "5", dir]);
    expect(await eventually(async () => p.output().includes("synced;"), 30_000)).toBe(true);
    const root = join(dir, "cli-sync");
    expect(await readFile(join(root, "hello.md"), "utf8")).toBe("from the store\n");
    await sh("echo local > local.md", root);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    expect((await byPath(stack.sdk, store, "/local.md"))?.content).toBe("local\n");
    expect(existsSync(root)).toBe(false);
  });
});
