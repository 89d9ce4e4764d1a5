// `memgit sessions …`: sessions that attach memory stores, over HTTP like any client
// (the server holds the data directory), so it works against any memgit server.
import type { Command } from "commander";
import { clientFor, withClientOptions } from "../clientOptions.ts";
import { collectRepeated as collect } from "../metadataArgs.ts";
import { out, printJson } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "sessions that attach stores to an agent, their tokens and prompt notes";

type Access = "read_only" | "read_write";

/** `MEMSTORE_ID[:ACCESS]`; an unknown access is an error, never a silent read_write. */
function storeSpec(spec: string): { storeId: string; access: Access } | null {
  const [storeId, access = "read_write", ...extra] = spec.split(":");
  if (!storeId || extra.length > 0 || (access !== "read_only" && access !== "read_write")) return null;
  return { storeId, access };
}

const line = (s: string) => out(s + "\n");

export function command(): Command {
  const cmd = withClientOptions(verbCommand("sessions", summary));

  cmd
    .command("create")
    .summary("a session attaching stores; prints each attachment, then the session id alone")
    .requiredOption("--store <MEMSTORE_ID[:ACCESS]>", "a store, :read_only or :read_write (the default); repeatable", collect)
    .option("--instructions <text>", "a note for the agent about these stores")
    .action(async (o: { store: string[]; instructions?: string }, self: Command) => {
      const resources = o.store.map((spec) => {
        const parsed = storeSpec(spec);
        if (!parsed) self.error(`error: --store ${spec}: access must be read_only or read_write (MEMSTORE_ID[:read_only|:read_write])`);
        return { type: "memory_store" as const, memory_store_id: parsed.storeId, access: parsed.access, instructions: o.instructions ?? null };
      });
      const { sdk, json } = clientFor(self);
      const session = await sdk.beta.sessions.create({ agent: "memgit", environment_id: "memgit", resources });
      if (json) return printJson(session);
      for (const r of session.resources) {
        const m = r as { memory_store_id: string; access: string; mount_path: string };
        line(`${m.memory_store_id}\t${m.access}\t${m.mount_path}`);
      }
      line(session.id);
    });

  cmd
    .command("list")
    .summary("sessions: id, created, how many stores")
    .option("--store <id>", "only sessions attaching this store")
    .action(async (o: { store?: string }, self: Command) => {
      const { sdk, json } = clientFor(self);
      const all = [];
      for await (const s of sdk.beta.sessions.list({ memory_store_id: o.store })) all.push(s);
      if (json) return printJson({ data: all });
      for (const s of all) line(`${s.id}\t${s.created_at}\t${s.resources.length} store(s)`);
    });

  cmd
    .command("get")
    .summary("one session, as JSON")
    .argument("<session>", "SESSION_ID")
    .action(async (id: string, _o: object, self: Command) => printJson(await clientFor(self).sdk.beta.sessions.retrieve(id)));

  cmd
    .command("token")
    .summary("mint a session token: printed alone on the last line")
    .argument("<session>", "SESSION_ID")
    .action(async (id: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const minted = await sdk.post<{ token: string }>(`/v1/sessions/${encodeURIComponent(id)}/tokens`);
      if (json) return printJson(minted);
      line(`session token for ${id}; shown once, valid until the session is deleted:`);
      line(minted.token);
    });

  cmd
    .command("prompt")
    .summary("the system-prompt note for the attached stores")
    .argument("<session>", "SESSION_ID")
    .action(async (id: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const note = await sdk.get<{ text: string }>(`/v1/sessions/${encodeURIComponent(id)}/memory_prompt`);
      if (json) printJson(note);
      else out(note.text);
    });

  cmd
    .command("delete")
    .summary("delete a session: its tokens stop working")
    .argument("<session>", "SESSION_ID")
    .action(async (id: string, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const gone = await sdk.beta.sessions.delete(id);
      if (json) printJson(gone);
      else line(`deleted ${id}`);
    });

  return cmd;
}

export const run = (argv: string[]) => runVerb(command(), argv);
