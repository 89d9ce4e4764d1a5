// Exporting a store (docs/format.md §Import and export): `git bundle create --all` of its repository,
// streamed to the caller. `--all` carries every ref, the ones hidden from clones included
// (refs/memgit/, decision 0051), and a pruned store's bundle carries its history from the
// boundary on without prerequisites: the import tells the boundary by the missing parent.
import type { Writable } from "node:stream";
import { gitToOutput } from "./gitStreams.ts";

/** Writes the bundle to `out` (left open); rejects when git fails or `out` goes away. */
export function bundleRepository(gitDir: string, out: Writable): Promise<void> {
  return gitToOutput(gitDir, ["bundle", "create", "-q", "-", "--all"], out);
}
