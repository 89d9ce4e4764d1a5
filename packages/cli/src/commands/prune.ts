// `memgit prune STORE`: prune the versions the server's retention rules let go, now, instead
// of waiting for the hourly run (POST /v1/memory_stores/{store}/prune; needs an admin key).
import type { Command } from "commander";
import { clientFor, withClientOptions } from "../clientOptions.ts";
import { whileWorking } from "../progress.ts";
import { out, printJson } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "prune the versions the server's retention rules let go, now (admin key)";

export function command(): Command {
  return withClientOptions(verbCommand("prune", summary))
    .argument("<store>", "MEMSTORE_ID")
    .addHelpText(
      "after",
      "Prunes versions older than the server's retention window (MEMGIT_RETENTION_DAYS, default\n30) but for the most recent of each live memory (MEMGIT_RETENTION_KEEP, default 1).\n",
    )
    .action(async (store: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const result = await whileWorking(`pruning ${store}`, sdk.post<{ pruned_versions: number }>(`/v1/memory_stores/${encodeURIComponent(store)}/prune`, {}));
      if (json) printJson(result);
      else out(`pruned ${result.pruned_versions} versions of ${store}\n`);
    });
}

export const run = (argv: string[]) => runVerb(command(), argv);
