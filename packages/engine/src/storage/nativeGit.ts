// The native `git` binary is optional: used for compaction (repack) when present.
import { execFileSync, execFile } from "node:child_process";

let cached: boolean | undefined;

export function hasNativeGit(): boolean {
  if (cached === undefined) {
    try {
      execFileSync("git", ["--version"], { stdio: "ignore" });
      cached = true;
    } catch {
      cached = false;
    }
  }
  return cached;
}

/** Runs git in `gitDir`, resolving with stdout; rejects with stderr on a non-zero exit. */
export function runGit(gitDir: string, args: string[], stdin?: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("git", ["--git-dir", gitDir, ...args], { maxBuffer: 64 << 20, signal }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args[0]} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
    // git may exit before reading its input (an early error): the EPIPE that follows is the
    // exit's business, reported above, and must not become an uncaught 'error' event.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(stdin ?? "");
  });
}
