// `memgit keys create --workspace NAME --role ROLE | list [--workspace NAME] | revoke ID`.
// Like `workspaces`, this edits server.sqlite directly; a revoke applies to the next request.
import { parseArgs } from "node:util";
import { openAuthStore, roles, type Role } from "@memgit/server";
import { privateDataDir } from "../privateDataDir.ts";

export const summary = "create, list and revoke API keys (edits the server's data directory)";

const USAGE =
  "usage: memgit keys create --workspace NAME --role admin|read_write|read_only\n" +
  "       memgit keys list [--workspace NAME]\n" +
  "       memgit keys revoke APIKEY_ID\n" +
  "       (all take --data-dir DIR)\n";

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: "string" },
      role: { type: "string" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [action, id] = positionals;
  const usage = () => (process.stderr.write(USAGE), 2);
  if (action === "create" && (!values.workspace || !roles.includes(values.role as Role))) return usage();
  if (action === "revoke" && !id) return usage();
  if (action !== "create" && action !== "list" && action !== "revoke") return usage();

  const auth = openAuthStore(privateDataDir(values["data-dir"], "keys"));
  const out = process.stdout;
  try {
    const workspace = values.workspace === undefined ? undefined : auth.findWorkspace(values.workspace);
    if (workspace === null) {
      process.stderr.write(`memgit keys: no workspace ${values.workspace}\n`);
      return 1;
    }
    if (action === "create") {
      const { key, secret } = auth.createApiKey(workspace!.id, values.role as Role);
      out.write(`created ${key.role} key ${key.id} in workspace ${workspace!.name}; it is shown only once:\n`);
      out.write(`${secret}\n`);
    } else if (action === "list") {
      for (const k of auth.listApiKeys(workspace?.id)) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
        out.write(`${k.id}\t${k.workspaceId}\t${k.role}\t…${k.hint}\t${state}\n`);
      }
    } else {
      const key = auth.revokeApiKey(id!);
      if (!key) {
        process.stderr.write(`memgit keys: no key ${id}\n`);
        return 1;
      }
      out.write(`revoked ${key.id}\n`);
    }
    return 0;
  } finally {
    auth.close();
  }
}
