// CLI verbs as separate processes, the way an operator runs them (`pnpm memgit <verb>` →
// commands/<verb>.ts), for tests of `serve`, `keys`, `workspaces`, `sessions` and `sync`.
import { spawn, type ChildProcess } from "node:child_process";
import { expect } from "vitest";

export const repo = new URL("../../", import.meta.url).pathname;

/** The node command line that runs one verb with `args`. */
export function verbCommand(name: string, args: string[]): string[] {
  const script = `const m = await import(${JSON.stringify(`./packages/cli/src/commands/${name}.ts`)}); process.exitCode = await m.run(${JSON.stringify(args)});`;
  return [process.execPath, "--import", "tsx", "--input-type=module", "-e", script];
}

export interface VerbOptions {
  env?: Record<string, string>;
  /** Run under this umask (the shell's `umask`), e.g. "022", to not depend on the runner's. */
  umask?: string;
}

export function verb(name: string, args: string[], options: VerbOptions = {}): ChildProcess {
  const [node, ...rest] = verbCommand(name, args);
  const env = { ...process.env, ...options.env };
  if (options.umask === undefined) return spawn(node!, rest, { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
  // exec keeps the pid, so signals reach node itself.
  return spawn("/bin/sh", ["-c", `umask ${options.umask} && exec "$0" "$@"`, node!, ...rest], { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function finished(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

/** Runs a verb to completion, expecting exit 0; returns its stdout lines. */
export async function cli(name: string, args: string[], options: VerbOptions = {}): Promise<string[]> {
  const r = await finished(verb(name, args, options));
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim().split("\n");
}

export interface Serving {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

/** `memgit serve` on a free port; resolves once it answers /health and its first lines are out. */
export async function serve(dataDir: string, options: VerbOptions = {}): Promise<Serving> {
  const child = verb("serve", ["--data-dir", dataDir, "--port", "0"], options);
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.on("close", () => reject(new Error(`serve exited: ${stderr}`)));
  });
  // Let the bootstrap lines that follow the URL arrive.
  await fetch(`${url}/health`);
  return { child, url, stdout: () => stdout, stderr: () => stderr };
}

export async function stop(s: Serving): Promise<number | null> {
  const closed = new Promise<number | null>((resolve) => s.child.on("close", resolve));
  s.child.kill("SIGTERM");
  return closed;
}
