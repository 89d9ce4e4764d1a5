// `./memgit` (the launcher at the repository root) as a user runs it: a process of its own,
// with stdin, environment and working directory of the test's choosing.
import { spawn } from "node:child_process";

export const repo = new URL("../../", import.meta.url).pathname;
export const launcher = `${repo}memgit`;

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function memgit(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): Promise<Ran> {
  const child = spawn(launcher, args, { cwd: opts.cwd ?? repo, env: { ...process.env, ...opts.env }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.end(opts.input ?? "");
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** Like memgit(), expecting exit 0. */
export async function ok(args: string[], opts: Parameters<typeof memgit>[1] = {}): Promise<string> {
  const r = await memgit(args, opts);
  if (r.code !== 0) throw new Error(`memgit ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}
