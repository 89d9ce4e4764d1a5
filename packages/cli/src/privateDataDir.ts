// The data directory holds every memory and the API key hashes, so whatever memgit creates
// in it is for its owner only (docs/decisions/0016). The verbs that write there call this
// first: the umask covers the engine, SQLite and the git processes it starts alike.
import { statSync } from "node:fs";
import { resolveDataDir } from "@memgit/server";

/** The data directory to use; from here on this process creates owner-only files. */
export function privateDataDir(flag: string | undefined, verb: string): string {
  process.umask(0o077);
  const dir = resolveDataDir(flag);
  let mode: number;
  try {
    mode = statSync(dir).mode & 0o777;
  } catch {
    return dir; // created later, owner-only
  }
  if ((mode & 0o077) !== 0)
    process.stderr.write(
      `memgit ${verb}: warning: ${dir} is open to other local users (mode ${mode.toString(8)}); ` +
        `it holds every memory and the API key hashes. Fix: chmod 700 ${dir}\n`,
    );
  return dir;
}
