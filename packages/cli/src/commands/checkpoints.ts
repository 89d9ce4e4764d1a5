// `memgit checkpoints STORE [create NAME | delete NAME]`: named points in a store's history
// (git tags in the store's repository), over the HTTP API.
import type { Command } from "commander";
import { allPages } from "../apiClient.ts";
import { clientFor, withClientOptions } from "../clientOptions.ts";
import { out, printJson } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "named points in a store's history (create, list, delete)";

interface Checkpoint {
  name: string;
  as_of: string;
  memory_version_id: string;
}

export function command(): Command {
  return withClientOptions(verbCommand("checkpoints", summary))
    .usage("[options] MEMSTORE_ID [create NAME | delete NAME]")
    .argument("<store>", "MEMSTORE_ID; alone, lists the checkpoints: name, as of, version id")
    .argument("[action]", "create (the store as of its newest version) or delete")
    .argument("[name]", "letters, digits, '.', '_' or '-', starting with a letter or digit (1-100)")
    .addHelpText("after", "Use a name wherever a point in history is expected: memgit restore … --to NAME.\n")
    .action(async (store: string, action: string | undefined, name: string | undefined, _o: object, self: Command) => {
      if (action !== undefined && (!["create", "delete"].includes(action) || !name)) self.error(`error: expected create NAME or delete NAME, got ${action}`);
      const { sdk, json } = clientFor(self);
      const base = `/v1/memory_stores/${encodeURIComponent(store)}/checkpoints`;
      const line = (c: Checkpoint) => out(`${c.name}\t${c.as_of}\t${c.memory_version_id}\n`);
      if (action === undefined) {
        const all = await allPages<Checkpoint>(sdk, base, {});
        if (json) printJson({ data: all });
        else all.forEach(line);
      } else if (action === "create") {
        const made = await sdk.post<Checkpoint>(base, { body: { name } });
        if (json) printJson(made);
        else line(made);
      } else {
        const gone = await sdk.delete<Checkpoint>(`${base}/${encodeURIComponent(name!)}`);
        if (json) printJson(gone);
        else out(`deleted ${name}\n`);
      }
    });
}

export const run = (argv: string[]) => runVerb(command(), argv);
