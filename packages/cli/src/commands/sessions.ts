// `memgit sessions …`: sessions that attach memory stores, over HTTP like any client
// (the server holds the data directory), so it works against any memgit server.
import { parseArgs } from "node:util";
import { apiClient } from "../apiClient.ts";
import { CREDENTIAL_HELP, credentialOptions } from "../credential.ts";

export const summary = "sessions that attach stores to an agent, their tokens and prompt notes";

const USAGE = `usage: memgit sessions create --store MEMSTORE_ID[:read_only|:read_write] [--store …] [--instructions TEXT]
       memgit sessions list [--store MEMSTORE_ID]
       memgit sessions get SESSION_ID
       memgit sessions token SESSION_ID      (prints a session token alone on the last line)
       memgit sessions prompt SESSION_ID     (the system-prompt note for the attached stores)
       memgit sessions delete SESSION_ID     (its tokens stop working)
       all take --url URL (MEMGIT_URL, default http://127.0.0.1:4080) and a credential:
${CREDENTIAL_HELP}`;

type Access = "read_only" | "read_write";

/** `MEMSTORE_ID[:ACCESS]`; an unknown access is an error, never a silent read_write. */
function storeSpec(spec: string): { storeId: string; access: Access } | null {
  const [storeId, access = "read_write", ...extra] = spec.split(":");
  if (!storeId || extra.length > 0 || (access !== "read_only" && access !== "read_write")) return null;
  return { storeId, access };
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      store: { type: "string", multiple: true },
      instructions: { type: "string" },
      url: { type: "string" },
      ...credentialOptions,
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [action, id] = positionals;
  const needsId = ["get", "token", "prompt", "delete"].includes(action ?? "");
  if (!(needsId || action === "create" || action === "list") || (needsId && !id)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const specs = (values.store ?? []).map((spec) => ({ spec, parsed: storeSpec(spec) }));
  const bad = specs.find((s) => s.parsed === null);
  if (bad) {
    process.stderr.write(`memgit sessions: --store ${bad.spec}: access must be read_only or read_write (MEMSTORE_ID[:read_only|:read_write])\n`);
    return 2;
  }
  const client = apiClient(values, "sessions");
  const out = (s: string) => process.stdout.write(s + "\n");
  const post = (path: string): Promise<Record<string, unknown>> => (path.endsWith("memory_prompt") ? client.get(path) : client.post(path));

  switch (action) {
    case "create": {
      const resources = specs.map(({ parsed }) => ({
        type: "memory_store" as const,
        memory_store_id: parsed!.storeId,
        access: parsed!.access,
        instructions: values.instructions ?? null,
      }));
      const session = await client.beta.sessions.create({ agent: "memgit", environment_id: "memgit", resources });
      for (const r of session.resources) {
        const m = r as { memory_store_id: string; access: string; mount_path: string };
        out(`${m.memory_store_id}\t${m.access}\t${m.mount_path}`);
      }
      out(session.id);
      return 0;
    }
    case "list":
      for await (const s of client.beta.sessions.list({ memory_store_id: values.store?.[0] }))
        out(`${s.id}\t${s.created_at}\t${s.resources.length} store(s)`);
      return 0;
    case "get":
      out(JSON.stringify(await client.beta.sessions.retrieve(id!), null, 2));
      return 0;
    case "token":
      out(`session token for ${id}; shown once, valid until the session is deleted:`);
      out(String((await post(`/v1/sessions/${id}/tokens`)).token));
      return 0;
    case "prompt":
      process.stdout.write(String((await post(`/v1/sessions/${id}/memory_prompt`)).text));
      return 0;
    default:
      await client.beta.sessions.delete(id!);
      out(`deleted ${id}`);
      return 0;
  }
}
