// `memgit diff STORE --from REF --to REF` (or `--version ID`): what changed in a store's
// history, as unified diffs, over the HTTP API.
import { parseArgs } from "node:util";
import { allPages, API_HELP, apiClient, apiOptions, reportingApiErrors } from "../apiClient.ts";

export const summary = "what changed in a store between two points, as unified diffs";

const USAGE = `usage: memgit diff MEMSTORE_ID --from REF --to REF [--stat]
       memgit diff MEMSTORE_ID --version MEMVER_ID [--stat]   (against its memory's previous version)
       REF is a memver_ id, an RFC 3339 time or a checkpoint name. Prints unified diffs; --stat
       prints one line per memory instead: change, memory id, path.
${API_HELP}`;

interface MemoryDiff {
  memory_id: string;
  change: string;
  path: string | null;
  previous_path: string | null;
  redacted: boolean;
  diff: string | null;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { from: { type: "string" }, to: { type: "string" }, version: { type: "string" }, stat: { type: "boolean", default: false }, ...apiOptions },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [storeId, ...extra] = positionals;
  const range = values.from !== undefined && values.to !== undefined && values.version === undefined;
  const single = values.version !== undefined && values.from === undefined && values.to === undefined;
  if (!storeId || extra.length > 0 || range === single) {
    process.stderr.write(USAGE);
    return 2;
  }
  const client = apiClient(values, "diff");
  const base = `/v1/memory_stores/${encodeURIComponent(storeId)}`;
  const view = values.stat ? "basic" : "full";
  return reportingApiErrors("diff", async () => {
    const diffs = range
      ? await allPages<MemoryDiff>(client, `${base}/diff`, { from: values.from!, to: values.to!, view })
      : [await client.get<MemoryDiff>(`${base}/memory_versions/${encodeURIComponent(values.version!)}/diff`, { query: { view } })];
    for (const d of diffs) {
      const path = d.path ?? "(redacted)";
      if (values.stat) process.stdout.write(`${d.change}\t${d.memory_id}\t${d.previous_path ? `${d.previous_path} -> ` : ""}${path}\n`);
      else process.stdout.write(d.diff ?? `${d.change} ${d.memory_id} ${path}: content redacted\n`);
    }
    return 0;
  });
}
