// What `memgit import` uploads: a bundle file as it is, or a bundle made here from a store's
// repository (a path) or a git URL, with this machine's git and its credentials. The server
// never reads a path or fetches a URL a client names (docs/decisions/0055).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export interface BundleFile {
  path: string;
  /** Removes what was made here (nothing for a bundle given as a file). */
  dispose: () => void;
}

function git(args: string[]): Promise<void> {
  return new Promise((ok, fail) =>
    execFile("git", args, { maxBuffer: 16 << 20 }, (err, _stdout, stderr) =>
      err ? fail(new Error(`git ${args[0]} failed: ${(stderr || err.message).trim().split("\n").pop()}`)) : ok(),
    ),
  );
}

/** A bundle of `source`: itself when it is a file, else a mirror of the repository bundled with every ref. */
export async function bundleOf(source: string): Promise<BundleFile> {
  const stat = statSync(source, { throwIfNoEntry: false });
  if (stat?.isFile()) return { path: source, dispose: () => undefined };
  // A local repository goes through file:// so that a pruned (shallow) one clones as it is.
  const url = stat?.isDirectory() ? pathToFileURL(resolve(source)).href : source;
  const dir = mkdtempSync(join(tmpdir(), "memgit-import-"));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    await git(["clone", "--mirror", "--quiet", url, join(dir, "repo.git")]);
    await git(["--git-dir", join(dir, "repo.git"), "bundle", "create", "--quiet", join(dir, "store.bundle"), "--all"]);
    return { path: join(dir, "store.bundle"), dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}
