// CLI verbs run to completion as their own processes (see ../helpers/serveProcess.ts for
// `memgit serve`), with everything they printed.
import type { ChildProcess } from "node:child_process";
import { expect } from "vitest";
import { cliVerb } from "../helpers/serveProcess.ts";

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

/** Runs a verb expecting exit 0; returns its stdout lines. */
export async function cli(name: string, args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const r = await finished(cliVerb(name, args, env));
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim().split("\n");
}
