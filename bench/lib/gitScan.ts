// What native git and grep see in a store on disk (suites/redact.ts): fsck, and whether a string
// is left in any object (inflated, deltas resolved) or in any raw file of a directory.
import { execFile, spawn } from "node:child_process";
import { timeOnce } from "./stats.ts";

export interface Fsck {
  ok: boolean;
  ms: number;
  /** The last lines git printed, when it failed. */
  tail: string;
}

export async function fsck(gitDir: string): Promise<Fsck> {
  const { ms, value } = await timeOnce(
    () =>
      new Promise<{ ok: boolean; tail: string }>((resolve) => {
        execFile("git", ["--git-dir", gitDir, "fsck", "--full", "--strict", "--no-progress"], { maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
          resolve({ ok: err === null, tail: `${stdout}${stderr}`.trim().split("\n").slice(-5).join(" | ") }),
        );
      }),
  );
  return { ...value, ms };
}

/** Occurrences of `needle` in every object of the repository, as `git cat-file --batch-all-objects --batch` prints them. */
export async function countInObjects(gitDir: string, needle: string): Promise<{ count: number; bytes: number; ms: number }> {
  const pattern = Buffer.from(needle);
  const { ms, value } = await timeOnce(
    () =>
      new Promise<{ count: number; bytes: number }>((resolve, reject) => {
        const git = spawn("git", ["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--unordered", "--batch"], { stdio: ["ignore", "pipe", "pipe"] });
        let count = 0;
        let bytes = 0;
        // The tail of the previous chunk, so a match across a chunk boundary is seen once.
        let carry = Buffer.alloc(0);
        let err = "";
        git.stdout.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
          for (let at = buf.indexOf(pattern); at !== -1; at = buf.indexOf(pattern, at + pattern.length)) count++;
          carry = Buffer.from(buf.subarray(Math.max(0, buf.length - pattern.length + 1)));
        });
        git.stderr.on("data", (d) => (err += d));
        git.on("error", reject);
        git.on("close", (code) => (code === 0 ? resolve({ count, bytes }) : reject(new Error(`git cat-file exited ${code}: ${err.trim()}`))));
      }),
  );
  return { ...value, ms };
}

/** Files under `dir` whose raw bytes contain `needle` (grep -r, binary files too). */
export function filesContaining(dir: string, needle: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile("grep", ["-rlaF", "--", needle, dir], { maxBuffer: 16 << 20 }, (err, stdout) => {
      // grep exits 1 when nothing matched.
      if (err && (err as { code?: number }).code !== 1) reject(err);
      else resolve(stdout.split("\n").filter(Boolean));
    });
  });
}
