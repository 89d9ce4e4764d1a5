// `memgit log [PATH]`: a store's history like `git log --oneline`, newest first: version, time,
// actor, operation, path, size. With PATH (or a memory id), that memory's history.
import type { Command } from "commander";
import { clientFor, storeFor, withClientOptions, withStoreOption } from "../clientOptions.ts";
import { out, printJson } from "../render.ts";
import { limitOption, listVersions, versionTable } from "../versionListing.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "the history of a store, or of one memory: who wrote what, when";

export function command(): Command {
  return withStoreOption(withClientOptions(verbCommand("log", summary)))
    .argument("[memory]", "PATH or MEMORY_ID: only that memory's versions")
    .option("-n, --limit <n>", "at most N versions", limitOption, 50)
    .action(async (memory: string | undefined, o: { limit: number }, self: Command) => {
      const { sdk, json } = clientFor(self);
      const versions = await listVersions(sdk, storeFor(self), { memory, limit: o.limit });
      if (json) printJson({ data: versions });
      else out(versionTable(versions));
    });
}

export const run = (argv: string[]) => runVerb(command(), argv);
