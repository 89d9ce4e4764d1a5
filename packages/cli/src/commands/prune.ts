// `memgit prune STORE`: prune the versions the server's retention rules let go, now, instead
// of waiting for the hourly run (POST /v1/memory_stores/{store}/prune; needs an admin key).
import { parseArgs } from "node:util";
import { apiClient, reportingApiErrors } from "../apiClient.ts";
import { CREDENTIAL_HELP, credentialOptions } from "../credential.ts";

export const summary = "prune the versions the server's retention rules let go, now (admin key)";

const USAGE = `usage: memgit prune MEMSTORE_ID [--url URL]
  Prunes versions older than the server's retention window (MEMGIT_RETENTION_DAYS, default
  30) but for the most recent of each live memory (MEMGIT_RETENTION_KEEP, default 1).
  --url URL (MEMGIT_URL, default http://127.0.0.1:4080), and an admin credential:
${CREDENTIAL_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { url: { type: "string" }, ...credentialOptions, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [storeId, ...extra] = positionals;
  if (!storeId || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const client = apiClient(values, "prune");
  return reportingApiErrors("prune", async () => {
    const result = await client.post<{ pruned_versions: number }>(`/v1/memory_stores/${encodeURIComponent(storeId)}/prune`, {});
    process.stdout.write(`pruned ${result.pruned_versions} versions of ${storeId}\n`);
    return 0;
  });
}
