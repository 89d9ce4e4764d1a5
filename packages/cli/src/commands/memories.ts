// `memgit memories ls|cat|put|edit|mv|rm`: the memories of one store (--store or MEMGIT_STORE),
// named by path or id, over the HTTP API. `edit` writes with a content_sha256 precondition: a
// change made meanwhile by someone else is reported, never overwritten.
import Anthropic from "@anthropic-ai/sdk";
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { CliError } from "../CliError.ts";
import { clientFor, storeFor, withClientOptions, withStoreOption } from "../clientOptions.ts";
import { editInEditor } from "../editInEditor.ts";
import { asPath, findMemory, memoryAtPath, type Memory } from "../memoryRef.ts";
import { ago, out, printJson, size, table } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "list, read, write, edit, move and delete the memories of a store";

/** UTF-8 text from FILE, or from stdin for "-" or no FILE; invalid UTF-8 is refused, not mangled. */
function readContent(file: string | undefined): string {
  if (file === undefined && process.stdin.isTTY) throw new CliError("put: give a FILE, or pipe the content to stdin", 2);
  const bytes = readFileSync(file === undefined || file === "-" ? 0 : file);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${file ?? "stdin"} is not valid UTF-8: memories are text`);
  }
}

const written = (what: string, m: Memory) => out(`${what} ${m.path}  ${m.id}  ${m.memory_version_id}\n`);

export function command(): Command {
  const cmd = withStoreOption(withClientOptions(verbCommand("memories", summary)));

  cmd
    .command("ls")
    .summary("list memories under a folder (one level; -R for all)")
    .argument("[prefix]", "a folder path", "/")
    .option("-R, --recursive", "every memory below, not just one level")
    .action(async (prefix: string, o: { recursive?: boolean }, self: Command) => {
      const { sdk, json } = clientFor(self);
      const store = storeFor(self);
      const folder = asPath(prefix).replace(/\/*$/, "/");
      const items: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryListItem[] = [];
      for await (const item of sdk.beta.memoryStores.memories.list(store, { path_prefix: folder, depth: o.recursive ? 0 : 1, limit: 100 })) items.push(item);
      if (json) return printJson({ data: items });
      out(
        table(
          ["path", "size", "updated", "id"],
          items.map((m) => (m.type === "memory" ? [m.path, size(m.content_size_bytes), ago(m.updated_at), m.id] : [m.path, "-", "-", "-"])),
        ),
      );
    });

  cmd
    .command("cat")
    .summary("print a memory's content")
    .argument("<memory>", "PATH or MEMORY_ID")
    .action(async (ref: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const m = await findMemory(sdk, storeFor(self), ref);
      if (json) printJson(m);
      else out(m.content ?? "");
    });

  cmd
    .command("put")
    .summary("write a memory at PATH from FILE or stdin (creates it, or updates what is there)")
    .argument("<path>", "the memory's path")
    .argument("[file]", "where the content comes from; stdin when absent or -")
    .action(async (path: string, file: string | undefined, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const store = storeFor(self);
      const content = readContent(file);
      const memories = sdk.beta.memoryStores.memories;
      const existing = await memoryAtPath(sdk, store, asPath(path));
      const m = existing
        ? await memories.update(existing.id, { memory_store_id: store, content })
        : await memories.create(store, { path: asPath(path), content });
      if (json) printJson(m);
      else written(!existing ? "created" : m.memory_version_id === existing.memory_version_id ? "unchanged" : "updated", m);
    });

  cmd
    .command("edit")
    .summary("edit a memory in $EDITOR; a change made meanwhile is reported, never overwritten")
    .argument("<memory>", "PATH or MEMORY_ID")
    .action(async (ref: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const store = storeFor(self);
      const before = await findMemory(sdk, store, ref);
      const session = editInEditor(before.path, before.content ?? "");
      if (session.edited === before.content) {
        session.discard();
        if (json) return printJson(before);
        return out(`no change to ${before.path}\n`);
      }
      let m: Memory;
      try {
        m = await sdk.beta.memoryStores.memories.update(before.id, {
          memory_store_id: store,
          content: session.edited,
          precondition: { type: "content_sha256", content_sha256: before.content_sha256 },
        });
      } catch (err) {
        if (err instanceof Anthropic.APIError && err.status === 409)
          throw new CliError(
            `${before.path} changed on the server while you edited it; nothing was overwritten. Your text is in ${session.file}: ` +
              `compare with \`memgit memories cat ${before.id}\` and write it with \`memgit memories put ${before.path} ${session.file}\``,
          );
        throw err;
      }
      session.discard();
      if (json) printJson(m);
      else written("updated", m);
    });

  cmd
    .command("mv")
    .summary("move (rename) a memory; its id and history stay")
    .argument("<memory>", "PATH or MEMORY_ID")
    .argument("<to>", "the new path")
    .action(async (ref: string, to: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const store = storeFor(self);
      const before = await findMemory(sdk, store, ref);
      const m = await sdk.beta.memoryStores.memories.update(before.id, { memory_store_id: store, path: asPath(to) });
      if (json) printJson(m);
      else out(`moved ${before.path} -> ${m.path}  ${m.id}  ${m.memory_version_id}\n`);
    });

  cmd
    .command("rm")
    .summary("delete a memory (its versions stay in the history)")
    .argument("<memory>", "PATH or MEMORY_ID")
    .action(async (ref: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const store = storeFor(self);
      const m = await findMemory(sdk, store, ref);
      const gone = await sdk.beta.memoryStores.memories.delete(m.id, { memory_store_id: store, expected_content_sha256: m.content_sha256 });
      if (json) printJson(gone);
      else out(`deleted ${m.path}  ${m.id}\n`);
    });

  return cmd;
}

export const run = (argv: string[]) => runVerb(command(), argv);
