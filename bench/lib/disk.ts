// Where the bench writes, what that filesystem is, and how much disk a directory takes.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface BenchDir {
  root: string;
  fsType: string;
  device: string;
  /** Make a fresh sub-directory for one suite. */
  sub(name: string): string;
  cleanup(): void;
}

export function fsInfo(dir: string): { fsType: string; device: string } {
  try {
    const out = execFileSync("df", ["-T", "-P", dir], { encoding: "utf8" }).trim().split("\n");
    const cols = (out[out.length - 1] ?? "").split(/\s+/);
    return { device: cols[0] ?? "?", fsType: cols[1] ?? "?" };
  } catch {
    return { device: "?", fsType: "?" };
  }
}

const MEMORY_FS = new Set(["tmpfs", "ramfs", "overlay-tmpfs"]);

/**
 * A temp directory on a real disk: --dir if given, else os.tmpdir() unless it is tmpfs, else
 * bench/.data under the repository. Both baselines and the engine write under the same root.
 */
export function benchDir(explicit: string | undefined, keep: boolean): BenchDir {
  const candidates = explicit
    ? [explicit]
    : [os.tmpdir(), path.join(import.meta.dirname, "..", ".data")];
  let chosen: string | undefined;
  for (const c of candidates) {
    mkdirSync(c, { recursive: true });
    if (explicit || !MEMORY_FS.has(fsInfo(c).fsType)) {
      chosen = c;
      break;
    }
  }
  const base = chosen ?? (candidates[candidates.length - 1] as string);
  const root = mkdtempSync(path.join(base, "memgit-bench-"));
  const info = fsInfo(root);
  let n = 0;
  return {
    root,
    ...info,
    sub(name: string) {
      n += 1;
      const d = path.join(root, `${String(n).padStart(2, "0")}-${name}`);
      mkdirSync(d, { recursive: true });
      return d;
    },
    cleanup() {
      if (!keep) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Disk usage in bytes (allocated blocks, `du -sk`), and apparent size (`du -sb`). */
export function du(dir: string): { bytes: number; apparentBytes: number } {
  const k = execFileSync("du", ["-sk", dir], { encoding: "utf8" }).split(/\s+/)[0];
  const b = execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split(/\s+/)[0];
  return { bytes: Number(k) * 1024, apparentBytes: Number(b) };
}

export function countFiles(dir: string): number {
  const out = execFileSync("find", [dir, "-type", "f"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return out.split("\n").filter(Boolean).length;
}
