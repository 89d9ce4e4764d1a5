// `memgit keys create --workspace NAME --role ROLE | list [--workspace NAME] | revoke ID`.
// Like `workspaces`, this edits server.sqlite directly; a revoke applies to the next request.
import { Option, type Command } from "commander";
import { roles, type Role } from "@memgit/server";
import { CliError } from "../CliError.ts";
import { out } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";
import { DATA_DIR_HELP, withAuthStore, type AuthStore } from "../withAuthStore.ts";

export const summary = "create, list and revoke API keys (edits the server's data directory)";

const withAuth = (self: Command, fn: (auth: AuthStore) => void) => withAuthStore(self, "keys", fn);

function workspaceNamed(auth: AuthStore, name: string) {
  const ws = auth.findWorkspace(name);
  if (!ws) throw new CliError(`no workspace ${name}`);
  return ws;
}

export function command(): Command {
  const cmd = verbCommand("keys", summary).option("--data-dir <dir>", DATA_DIR_HELP);

  cmd
    .command("create")
    .summary("create a key; it is printed once, alone on the last line")
    .requiredOption("--workspace <name>", "the workspace the key belongs to")
    .addOption(new Option("--role <role>", "what the key may do").choices(roles).makeOptionMandatory())
    .action((o: { workspace: string; role: Role }, self: Command) =>
      withAuth(self, (auth) => {
        const workspace = workspaceNamed(auth, o.workspace);
        const { key, secret } = auth.createApiKey(workspace.id, o.role);
        out(`created ${key.role} key ${key.id} in workspace ${workspace.name}; it is shown only once:\n${secret}\n`);
      }),
    );

  cmd
    .command("list")
    .summary("keys (never their secrets): id, workspace, role, hint, state")
    .option("--workspace <name>", "only this workspace's keys")
    .action((o: { workspace?: string }, self: Command) =>
      withAuth(self, (auth) => {
        const workspace = o.workspace === undefined ? undefined : workspaceNamed(auth, o.workspace);
        for (const k of auth.listApiKeys(workspace?.id)) {
          const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
          out(`${k.id}\t${k.workspaceId}\t${k.role}\t…${k.hint}\t${state}\n`);
        }
      }),
    );

  cmd
    .command("revoke")
    .summary("revoke a key: its next request fails")
    .argument("<id>", "APIKEY_ID")
    .action((id: string, _o: object, self: Command) =>
      withAuth(self, (auth) => {
        const key = auth.revokeApiKey(id);
        if (!key) throw new CliError(`no key ${id}`);
        out(`revoked ${key.id}\n`);
      }),
    );

  return cmd;
}

export const run = (argv: string[]) => runVerb(command(), argv);
