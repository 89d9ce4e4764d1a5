// `memgit stores adopt MEMSTORE_ID --workspace NAME`: gives a store whose owner workspace does
// not exist here (a store directory copied in, a data directory restored without its
// server.sqlite) to a workspace. Like `memgit keys`, it edits <data-dir>/server.sqlite directly,
// so it works while the server runs: the server writes the new owner into the store on its
// next request, or at its next start (docs/decisions/0056).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isStoreId } from "@memgit/engine";
import { openAuthStore, StoreAdoptions } from "@memgit/server";
import { privateDataDir } from "./privateDataDir.ts";

const USAGE = `usage: memgit stores adopt MEMSTORE_ID --workspace NAME  [--data-dir DIR]
       Gives the store to workspace NAME when its own workspace does not exist on this server
       (the server lists such stores at start-up). Applied on the server's next request.
`;

/** The owner recorded in the store's repository, or undefined when git cannot say. */
function recordedOwner(gitDir: string): string | null | undefined {
  try {
    const json = execFileSync("git", ["--git-dir", gitDir, "show", "refs/heads/memgit-meta:store.json"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return (JSON.parse(json) as { owner?: string | null }).owner ?? null;
  } catch {
    return undefined;
  }
}

export async function runAdopt(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: "string" }, "data-dir": { type: "string" }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [storeId, ...extra] = positionals;
  if (!storeId || extra.length > 0 || !values.workspace) {
    process.stderr.write(USAGE);
    return 2;
  }
  const fail = (message: string) => (process.stderr.write(`memgit stores adopt: ${message}\n`), 1);
  const dataDir = privateDataDir(values["data-dir"], "stores adopt");
  const gitDir = join(dataDir, "stores", `${storeId}.git`);
  if (!isStoreId(storeId) || !existsSync(gitDir)) return fail(`no store ${storeId.slice(0, 100)} in ${join(dataDir, "stores")}`);
  const auth = openAuthStore(dataDir);
  try {
    const workspace = auth.findWorkspace(values.workspace);
    if (!workspace) return fail(`no workspace ${values.workspace} (./memgit workspaces list)`);
    const owner = recordedOwner(gitDir);
    if (owner === workspace.id) {
      process.stdout.write(`${storeId} already belongs to workspace ${workspace.name}\n`);
      return 0;
    }
    const current = owner ? auth.findWorkspace(owner) : null;
    if (current) return fail(`${storeId} belongs to workspace ${current.name}, which exists: adopt only gives stores whose workspace is missing here`);
    new StoreAdoptions(auth.db).request(storeId, workspace.id, Date.now());
    process.stdout.write(`${storeId} goes to workspace ${workspace.name} (${workspace.id}) on the server's next request, or at its next start\n`);
    return 0;
  } finally {
    auth.close();
  }
}
