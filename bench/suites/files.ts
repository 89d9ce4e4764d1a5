// File-adapter figures (issue 5), measured by the files helper's module: `memgit serve` + `memgit mount`
// as child processes, each operation through the FUSE mount and on a plain directory in the same run.
// Skipped with the reason when FUSE is not usable here (no /dev/fuse, binding not built).
import type { FilesBenchResult } from "../../packages/files/bench/files.ts";

export async function runFiles(quick: boolean, log: (m: string) => void): Promise<FilesBenchResult | string> {
  const files = "../../packages/files/src/fuse/mount.ts";
  const benchModule = "../../packages/files/bench/files.ts";
  try {
    const { fuseAvailable } = (await import(files)) as { fuseAvailable(): string | null };
    const reason = fuseAvailable();
    if (reason) return `FUSE unavailable: ${reason}`;
  } catch (e) {
    return `cannot load @memgit/files: ${(e as Error).message.split("\n")[0]}`;
  }
  const { benchFiles } = (await import(benchModule)) as {
    benchFiles(o: { quick: boolean; log: (m: string) => void }): Promise<FilesBenchResult | { skipped: string }>;
  };
  const r = await benchFiles({ quick, log });
  return "skipped" in r ? r.skipped : r;
}
