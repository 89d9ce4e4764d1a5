// `memgit versions list|show|redact`: a store's versions (--store or MEMGIT_STORE) over the
// HTTP API. Redaction removes a version's content and path for good (needs an admin key).
import type { Command } from "commander";
import { CliError } from "../CliError.ts";
import { clientFor, storeFor, withClientOptions, withStoreOption } from "../clientOptions.ts";
import { whileWorking } from "../progress.ts";
import { ago, fields, out, printJson, size } from "../render.ts";
import { actorLabel, limitOption, listVersions, versionTable, type Version } from "../versionListing.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "list, show and redact the versions of a store's memories";

const OPERATIONS = ["created", "modified", "deleted"] as const;

const describe = (v: Version) =>
  fields([
    ["version", v.id],
    ["memory", v.memory_id],
    ["operation", v.operation],
    ["path", v.path],
    ["time", `${v.created_at} (${ago(v.created_at)})`],
    ["actor", actorLabel(v.created_by)],
    ["size", size(v.content_size_bytes)],
    ["sha256", v.content_sha256],
    ["redacted", v.redacted_at ? `${v.redacted_at} by ${actorLabel(v.redacted_by)}` : null],
  ]);

export function command(): Command {
  const cmd = withStoreOption(withClientOptions(verbCommand("versions", summary)));

  cmd
    .command("list")
    .alias("ls")
    .summary("versions, newest first")
    .argument("[memory]", "PATH or MEMORY_ID: only that memory's versions")
    .option("-o, --operation <op>", `only ${OPERATIONS.join(", ")}`)
    .option("-n, --limit <n>", "at most N versions", limitOption, 50)
    .action(async (memory: string | undefined, o: { operation?: string; limit: number }, self: Command) => {
      if (o.operation !== undefined && !(OPERATIONS as readonly string[]).includes(o.operation))
        throw new CliError(`--operation ${o.operation}: one of ${OPERATIONS.join(", ")}`, 2);
      const { sdk, json } = clientFor(self);
      const versions = await listVersions(sdk, storeFor(self), { memory, operation: o.operation as Version["operation"], limit: o.limit });
      if (json) printJson({ data: versions });
      else out(versionTable(versions));
    });

  cmd
    .command("show")
    .summary("one version, with its content")
    .argument("<version>", "MEMVER_ID")
    .action(async (id: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const v = await sdk.beta.memoryStores.memoryVersions.retrieve(id, { memory_store_id: storeFor(self), view: "full" });
      if (json) return printJson(v);
      out(describe(v));
      if (v.content !== null && v.content !== undefined) out(`\n${v.content}${v.content.endsWith("\n") || v.content === "" ? "" : "\n"}`);
    });

  cmd
    .command("redact")
    .summary("remove a version's content and path from the store and its git history (admin key)")
    .argument("<version>", "MEMVER_ID")
    .option("-y, --yes", "confirm: the content is deleted for good (clones made before keep it)")
    .action(async (id: string, o: { yes?: boolean }, self: Command) => {
      if (!o.yes) throw new CliError(`redacting ${id} deletes its content for good: pass --yes`, 2);
      const { sdk, json } = clientFor(self);
      const v = await whileWorking(`redacting ${id}`, sdk.beta.memoryStores.memoryVersions.redact(id, { memory_store_id: storeFor(self) }));
      if (json) printJson(v);
      else out(`redacted ${v.id}\n`);
    });

  return cmd;
}

export const run = (argv: string[]) => runVerb(command(), argv);
