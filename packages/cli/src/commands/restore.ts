// `memgit restore STORE --to REF [--memory ID]`: a whole store, or one memory, back to a point
// in history (a memver_ id, an RFC 3339 time or a checkpoint name), over the HTTP API.
import type { Command } from "commander";
import { pointBody } from "../apiClient.ts";
import { clientFor, withClientOptions } from "../clientOptions.ts";
import { out, printJson } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "bring a store, or one memory, back to a point in history (as new versions)";

interface WireVersion {
  id: string;
  memory_id: string;
  operation: string;
  path: string | null;
}

export function command(): Command {
  return withClientOptions(verbCommand("restore", summary))
    .argument("<store>", "MEMSTORE_ID")
    .requiredOption("--to <ref>", "a memver_ id, an RFC 3339 time or a checkpoint name")
    .option("--memory <id>", "only this memory")
    .option("--precondition <sha256>", "with --memory: only if its content still has this SHA-256")
    .addHelpText(
      "after",
      "The store (or the memory) becomes what it was then, as new versions; history is kept. Prints\none line per version written: operation, memory id, path, version id.\n",
    )
    .action(async (store: string, o: { to: string; memory?: string; precondition?: string }, self: Command) => {
      if (o.precondition && !o.memory) self.error("error: --precondition needs --memory");
      const { sdk, json } = clientFor(self);
      if (o.memory) {
        const precondition = o.precondition ? { precondition: { type: "content_sha256", content_sha256: o.precondition } } : {};
        const m: { id: string; path: string; memory_version_id: string } = await sdk.post(
          `/v1/memory_stores/${encodeURIComponent(store)}/memories/${encodeURIComponent(o.memory)}/restore`,
          { body: { ...pointBody(o.to), ...precondition } },
        );
        if (json) return printJson(m);
        return out(`${m.id}\t${m.path}\t${m.memory_version_id}\n`);
      }
      const r: { restored_to: { as_of: string }; versions: WireVersion[] } = await sdk.post(`/v1/memory_stores/${encodeURIComponent(store)}/restore`, {
        body: pointBody(o.to),
      });
      if (json) return printJson(r);
      for (const v of r.versions) out(`${v.operation}\t${v.memory_id}\t${v.path ?? ""}\t${v.id}\n`);
      out(`restored ${store} to ${r.restored_to.as_of}: ${r.versions.length} version(s) written\n`);
    });
}

export const run = (argv: string[]) => runVerb(command(), argv);
