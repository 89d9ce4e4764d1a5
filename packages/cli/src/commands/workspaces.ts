// `memgit workspaces create NAME | list`: edits <data-dir>/server.sqlite directly, so it
// works while the server runs (the server reads keys and workspaces afresh per request).
import { parseArgs } from "node:util";
import { openAuthStore } from "@memgit/server";
import { privateDataDir } from "../privateDataDir.ts";

export const summary = "create and list workspaces (edits the server's data directory)";

const USAGE = "usage: memgit workspaces create NAME | list  [--data-dir DIR]\n";

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "data-dir": { type: "string" }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [action, name, ...extra] = positionals;
  if ((action !== "create" && action !== "list") || (action === "create" && !name) || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const auth = openAuthStore(privateDataDir(values["data-dir"], "workspaces"));
  try {
    if (action === "create") {
      const ws = auth.createWorkspace(name!);
      process.stdout.write(`created workspace ${ws.name} ${ws.id}\n`);
      process.stdout.write(`next: ./memgit keys create --workspace ${ws.name} --role read_write\n`);
    } else {
      for (const ws of auth.listWorkspaces())
        process.stdout.write(`${ws.id}\t${ws.name}${ws.root ? "\t(root)" : ""}\t${ws.createdAt.toISOString()}\n`);
    }
    return 0;
  } finally {
    auth.close();
  }
}
