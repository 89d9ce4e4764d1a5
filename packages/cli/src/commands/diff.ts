// `memgit diff STORE --from REF --to REF` (or `--version ID`): what changed in a store's
// history, as unified diffs, over the HTTP API.
import type { Command } from "commander";
import { allPages } from "../apiClient.ts";
import { clientFor, withClientOptions } from "../clientOptions.ts";
import { out, printJson } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "what changed in a store between two points, as unified diffs";

interface MemoryDiff {
  memory_id: string;
  change: string;
  path: string | null;
  previous_path: string | null;
  redacted: boolean;
  diff: string | null;
}

export function command(): Command {
  return withClientOptions(verbCommand("diff", summary))
    .usage("[options] MEMSTORE_ID (--from REF --to REF | --version MEMVER_ID)")
    .argument("<store>", "MEMSTORE_ID")
    .option("--from <ref>", "a memver_ id, an RFC 3339 time or a checkpoint name")
    .option("--to <ref>", "the same kinds of point")
    .option("--version <id>", "one version, against its memory's previous version")
    .option("--stat", "one line per memory instead: change, memory id, path")
    .action(async (store: string, o: { from?: string; to?: string; version?: string; stat?: boolean }, self: Command) => {
      const range = o.from !== undefined && o.to !== undefined && o.version === undefined;
      const single = o.version !== undefined && o.from === undefined && o.to === undefined;
      if (range === single) self.error("error: give --from REF --to REF, or --version MEMVER_ID");
      const { sdk, json } = clientFor(self);
      const base = `/v1/memory_stores/${encodeURIComponent(store)}`;
      const view = o.stat ? "basic" : "full";
      const diffs = range
        ? await allPages<MemoryDiff>(sdk, `${base}/diff`, { from: o.from!, to: o.to!, view })
        : [await sdk.get<MemoryDiff>(`${base}/memory_versions/${encodeURIComponent(o.version!)}/diff`, { query: { view } })];
      if (json) return printJson(range ? { data: diffs } : diffs[0]);
      for (const d of diffs) {
        const path = d.path ?? "(redacted)";
        if (o.stat) out(`${d.change}\t${d.memory_id}\t${d.previous_path ? `${d.previous_path} -> ` : ""}${path}\n`);
        else out(d.diff ?? `${d.change} ${d.memory_id} ${path}: content redacted\n`);
      }
    });
}

export const run = (argv: string[]) => runVerb(command(), argv);
