// `memgit checkpoints STORE [create NAME | delete NAME]`: named points in a store's history
// (git tags in the store's repository), over the HTTP API.
import { parseArgs } from "node:util";
import { allPages, API_HELP, apiClient, apiOptions, reportingApiErrors } from "../apiClient.ts";

export const summary = "named points in a store's history (create, list, delete)";

const USAGE = `usage: memgit checkpoints MEMSTORE_ID                 (list: name, as of, version id)
       memgit checkpoints MEMSTORE_ID create NAME     (the store as of its newest version)
       memgit checkpoints MEMSTORE_ID delete NAME
       NAME: letters, digits, '.', '_' or '-', starting with a letter or digit (1-100).
       Use a name wherever a point in history is expected: memgit restore … --to NAME.
${API_HELP}`;

interface Checkpoint {
  name: string;
  as_of: string;
  memory_version_id: string;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: apiOptions });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [storeId, action, name, ...extra] = positionals;
  const listing = action === undefined;
  if (!storeId || extra.length > 0 || (!listing && (!["create", "delete"].includes(action) || !name))) {
    process.stderr.write(USAGE);
    return 2;
  }
  const client = apiClient(values, "checkpoints");
  const base = `/v1/memory_stores/${encodeURIComponent(storeId)}/checkpoints`;
  const line = (c: Checkpoint) => process.stdout.write(`${c.name}\t${c.as_of}\t${c.memory_version_id}\n`);
  return reportingApiErrors("checkpoints", async () => {
    if (listing) (await allPages<Checkpoint>(client, base, {})).forEach(line);
    else if (action === "create") line(await client.post<Checkpoint>(base, { body: { name } }));
    else {
      await client.delete(`${base}/${encodeURIComponent(name!)}`);
      process.stdout.write(`deleted ${name}\n`);
    }
    return 0;
  });
}
