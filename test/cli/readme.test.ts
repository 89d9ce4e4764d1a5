// The README works as written: from a fresh copy of the repository, on a PATH without pnpm,
// every command block runs in order and succeeds (the server in a terminal of its own, as the
// README has it). Also: no npm or pnpm noise around memgit's output, on a run or on SIGTERM.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { repo } from "./memgitCli.ts";
import { fencedBlocks, Terminal, type LineResult } from "./readmeWalk.ts";

const NOISE = /ELIFECYCLE|npm warn|npm WARN|WARN\s|Command failed/;

/** The repository's files as a clone would have them (tracked and new, nothing ignored). */
function freshCopy(to: string): void {
  const files = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo, encoding: "utf8" }).stdout.split("\0").filter(Boolean);
  for (const f of files) if (existsSync(join(repo, f))) cpSync(join(repo, f), join(to, f), { recursive: false });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const tmp = mkdtempSync(join(tmpdir(), "memgit-readme-"));
afterAll(() => {
  spawnSync("fusermount", ["-u", join(tmp, "mnt/memory")]);
  rmSync(tmp, { recursive: true, force: true });
});

it("every command in README.md runs as written, in order, with only Node", { timeout: 600_000 }, async () => {
  const clone = join(tmp, "memgit");
  mkdirSync(clone);
  freshCopy(clone);
  const port = await freePort();
  // No global pnpm (and none of this repository's node_modules/.bin): only Node and the system.
  const path = (process.env.PATH ?? "").split(":").filter((d) => d.startsWith("/") && !d.includes("node_modules") && !existsSync(join(d, "pnpm")));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: [dirname(process.execPath), ...path].join(":"), MEMGIT_PORT: String(port), MEMGIT_URL: `http://127.0.0.1:${port}` };
  for (const k of ["MEMGIT_API_KEY", "MEMGIT_STORE", "MEMGIT_DATA_DIR", "MEMGIT_BOOTSTRAP_KEY", "EDITOR", "VISUAL", "npm_config_user_agent", "npm_lifecycle_event"]) delete env[k];
  expect(spawnSync("bash", ["-c", "command -v pnpm"], { env }).status).not.toBe(0);

  const readme = readFileSync(join(clone, "README.md"), "utf8");
  const blocks = fencedBlocks(readme);
  const known: Record<string, string> = { "127.0.0.1:4080": `127.0.0.1:${port}`, "/mnt/memory": join(tmp, "mnt/memory") };
  const fill = (line: string) => Object.entries(known).reduce((l, [from, to]) => l.split(from).join(to), line);

  const term = new Terminal(clone, env);
  const ran: LineResult[] = [];
  let serve: ReturnType<typeof spawn> | null = null;
  let serveOut = "";
  try {
    for (const block of blocks) {
      if (block.lang === "js" && !existsSync(join(clone, "try.mjs"))) {
        // "Save this as try.mjs in the repository root": the README's first JavaScript block.
        writeFileSync(join(clone, "try.mjs"), fill(block.lines.join("\n")) + "\n");
        continue;
      }
      if (block.lang !== "sh") continue;
      for (const raw of block.lines) {
        if (raw.includes("pnpm@10.34.9 verify")) continue; // the test suite itself
        const serveLine = /^((?:[A-Z_]+=\S+ )*)\.\/memgit serve$/.exec(raw.trim());
        if (serveLine) {
          // The README runs it in a terminal of its own; a second start means the first was stopped.
          if (serve) {
            serve.kill("SIGTERM");
            await new Promise((r) => serve!.on("close", r));
          }
          const assigned = Object.fromEntries(
            serveLine[1]!.trim().split(/\s+/).filter(Boolean).map((a) => [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1).replaceAll("$PWD", clone)]),
          );
          serveOut = "";
          serve = spawn("./memgit", ["serve"], { cwd: clone, env: { ...env, ...assigned }, stdio: ["ignore", "pipe", "pipe"] });
          serve.stdout!.on("data", (d) => (serveOut += d));
          serve.stderr!.on("data", (d) => (serveOut += d));
          while (!serveOut.includes("listening on")) await new Promise((r) => setTimeout(r, 50));
          // Not a terminal: on the first start the key went to the file the server named.
          known["sk-memgit-..."] ??= readFileSync(join(clone, ".memgit-data/first-admin-key"), "utf8").trim();
          continue;
        }
        const r = await term.run(fill(raw));
        ran.push(r);
        expect(r.code, `${r.line}\n${r.output}`).toBe(0);
        if (r.line.trim().startsWith("./memgit")) expect(r.output, r.line).not.toMatch(NOISE);
        // What later lines need, from what this one printed.
        if (raw.startsWith("node try.mjs")) known["memstore_..."] = /^(memstore_\w+)/m.exec(r.output)![1]!;
        if (raw.startsWith("./memgit keys create")) known["apikey_..."] = /key (apikey_\w+)/.exec(r.output)![1]!;
        if (raw.startsWith("./memgit sessions create")) known["sesn_..."] = r.output.trim().split("\n").at(-1)!;
        if (/^kill %\d/.test(raw.trim())) await term.run("wait"); // the job ends, as the user sees
      }
    }
  } finally {
    term.close();
  }
  expect(ran.length).toBeGreaterThan(30);
  expect(ran.find((r) => r.line.startsWith("cat ./memory/"))!.output).toContain("helix");
  // A clean SIGTERM of the server: its own last words, nothing from a package manager.
  serve!.kill("SIGTERM");
  const code = await new Promise((r) => serve!.on("close", r));
  expect(code).toBe(0);
  expect(serveOut).not.toMatch(NOISE);
});
