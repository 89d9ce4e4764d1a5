// `memgit stores create|list|get|update|archive|delete|stats`: memory stores over the HTTP API
// (like Anthropic's `ant beta:memory-stores`), with tables for people and --json for scripts.
import type Anthropic from "@anthropic-ai/sdk";
import type { Command } from "commander";
import { CliError } from "../CliError.ts";
import { clientFor, withClientOptions } from "../clientOptions.ts";
import { collectMetadata, metadataOf } from "../metadataArgs.ts";
import { ago, fields, out, printJson, size, table } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";
import { runAdopt } from "../adoptStore.ts";

type Store = Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryStore;

interface StoreStats {
  memory_store_id: string;
  memories: number;
  live_bytes: number;
  versions: number;
  oldest_version: { id: string; created_at: string } | null;
  head_version_id: string | null;
  last_write_at: string | null;
}

export const summary = "create, list, inspect, archive and delete memory stores";

const describe = (s: Store) =>
  fields([
    ["id", s.id],
    ["name", s.name],
    ["description", s.description || null],
    ["metadata", Object.entries(s.metadata ?? {}).map(([k, v]) => `${k}=${v}`).join(", ") || null],
    ["created", `${s.created_at} (${ago(s.created_at)})`],
    ["updated", `${s.updated_at} (${ago(s.updated_at)})`],
    ["archived", s.archived_at ? `${s.archived_at} (${ago(s.archived_at)})` : null],
  ]);

export function command(): Command {
  const cmd = withClientOptions(verbCommand("stores", summary));

  cmd
    .command("create")
    .summary("create a store; prints its id")
    .argument("<name>", "the store's name")
    .option("-d, --description <text>", "what the store is for")
    .option("-m, --metadata <key=value>", "a metadata entry (repeatable)", collectMetadata)
    .action(async (name: string, o: { description?: string; metadata?: string[] }, self: Command) => {
      const { sdk, json } = clientFor(self);
      const metadata = metadataOf(o.metadata, false) as Record<string, string> | undefined;
      const store = await sdk.beta.memoryStores.create({ name, ...(o.description !== undefined ? { description: o.description } : {}), ...(metadata ? { metadata } : {}) });
      if (json) printJson(store);
      else out(`${store.id}\n`);
    });

  cmd
    .command("list")
    .alias("ls")
    .summary("list the workspace's stores, newest first")
    .option("-a, --archived", "include archived stores")
    .action(async (o: { archived?: boolean }, self: Command) => {
      const { sdk, json } = clientFor(self);
      const stores: Store[] = [];
      for await (const s of sdk.beta.memoryStores.list({ include_archived: Boolean(o.archived), limit: 100 })) stores.push(s);
      if (json) return printJson({ data: stores });
      out(table(["id", "name", "created", "updated", "state"], stores.map((s) => [s.id, s.name, ago(s.created_at), ago(s.updated_at), s.archived_at ? "archived" : "active"])));
    });

  cmd
    .command("get")
    .summary("show one store")
    .argument("<store>", "MEMSTORE_ID")
    .action(async (id: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const store = await sdk.beta.memoryStores.retrieve(id);
      if (json) printJson(store);
      else out(describe(store));
    });

  cmd
    .command("update")
    .summary("rename a store or change its description or metadata")
    .argument("<store>", "MEMSTORE_ID")
    .option("-n, --name <name>", "new name")
    .option("-d, --description <text>", "new description ('' clears it)")
    .option("-m, --metadata <key=value>", "set a metadata entry; KEY= deletes it (repeatable)", collectMetadata)
    .action(async (id: string, o: { name?: string; description?: string; metadata?: string[] }, self: Command) => {
      const metadata = metadataOf(o.metadata, true);
      if (o.name === undefined && o.description === undefined && !metadata) throw new CliError("nothing to update: pass --name, --description or --metadata", 2);
      const { sdk, json } = clientFor(self);
      const store = await sdk.beta.memoryStores.update(id, {
        ...(o.name !== undefined ? { name: o.name } : {}),
        ...(o.description !== undefined ? { description: o.description } : {}),
        ...(metadata ? { metadata } : {}),
      });
      if (json) printJson(store);
      else out(describe(store));
    });

  cmd
    .command("archive")
    .summary("archive a store: readable, no longer writable, hidden from list")
    .argument("<store>", "MEMSTORE_ID")
    .action(async (id: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const store = await sdk.beta.memoryStores.archive(id);
      if (json) printJson(store);
      else out(`archived ${store.id}\n`);
    });

  cmd
    .command("delete")
    .summary("delete a store with all its memories and history (cannot be undone)")
    .argument("<store>", "MEMSTORE_ID")
    .option("-y, --yes", "confirm: the store and its whole history are deleted")
    .action(async (id: string, o: { yes?: boolean }, self: Command) => {
      if (!o.yes) throw new CliError(`deleting ${id} removes every memory and version and cannot be undone: pass --yes`, 2);
      const { sdk, json } = clientFor(self);
      const gone = await sdk.beta.memoryStores.delete(id);
      if (json) printJson(gone);
      else out(`deleted ${id}\n`);
    });

  cmd
    .command("stats")
    .summary("memories, live bytes, versions, oldest retained version, head, last write")
    .argument("<store>", "MEMSTORE_ID")
    .action(async (id: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const s = await sdk.get<StoreStats>(`/v1/memory_stores/${encodeURIComponent(id)}/stats`);
      if (json) return printJson(s);
      out(
        fields([
          ["store", s.memory_store_id],
          ["memories", s.memories],
          ["live bytes", `${s.live_bytes} (${size(s.live_bytes)})`],
          ["versions", s.versions],
          ["oldest version", s.oldest_version ? `${s.oldest_version.id} (${ago(s.oldest_version.created_at)})` : null],
          ["head", s.head_version_id],
          ["last write", s.last_write_at ? `${s.last_write_at} (${ago(s.last_write_at)})` : null],
        ]),
      );
    });

  cmd
    .command("adopt")
    .summary("give a store copied into the data directory by hand to a workspace (edits server.sqlite, like `keys`)")
    .argument("<store>", "MEMSTORE_ID")
    .requiredOption("--workspace <name>", "the workspace that gets it")
    .option("--data-dir <dir>", "the server's data directory (MEMGIT_DATA_DIR, default ./.memgit-data)")
    .action(async (id: string, o: { workspace: string; dataDir?: string }) => {
      const code = await runAdopt([id, "--workspace", o.workspace, ...(o.dataDir ? ["--data-dir", o.dataDir] : [])]);
      if (code !== 0) throw new CliError("", code, true);
    });

  return cmd;
}

export const run = (argv: string[]) => runVerb(command(), argv);
