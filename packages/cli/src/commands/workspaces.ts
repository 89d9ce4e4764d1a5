// `memgit workspaces create NAME | list`: edits <data-dir>/server.sqlite directly, so it
// works while the server runs (the server reads keys and workspaces afresh per request).
import type { Command } from "commander";
import { out } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";
import { DATA_DIR_HELP, withAuthStore, type AuthStore } from "../withAuthStore.ts";

export const summary = "create and list workspaces (edits the server's data directory)";

const withAuth = (self: Command, fn: (auth: AuthStore) => void) => withAuthStore(self, "workspaces", fn);

export function command(): Command {
  const cmd = verbCommand("workspaces", summary).option("--data-dir <dir>", DATA_DIR_HELP);

  cmd
    .command("create")
    .summary("create a workspace: its stores are invisible to every other workspace")
    .argument("<name>", "the workspace's name")
    .action((name: string, _o: object, self: Command) =>
      withAuth(self, (auth) => {
        const ws = auth.createWorkspace(name);
        out(`created workspace ${ws.name} ${ws.id}\nnext: ./memgit keys create --workspace ${ws.name} --role read_write\n`);
      }),
    );

  cmd
    .command("list")
    .summary("workspaces: id, name, (root), created")
    .action((_o: object, self: Command) =>
      withAuth(self, (auth) => {
        for (const ws of auth.listWorkspaces()) out(`${ws.id}\t${ws.name}${ws.root ? "\t(root)" : ""}\t${ws.createdAt.toISOString()}\n`);
      }),
    );

  return cmd;
}

export const run = (argv: string[]) => runVerb(command(), argv);
