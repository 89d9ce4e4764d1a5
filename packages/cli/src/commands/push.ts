// `memgit push STORE [NAME]`: push a store to its backup remotes now, not waiting for the push
// that follows writes; answers once each push is done. Admin keys only.
import { parseArgs } from "node:util";
import { API_HELP, apiClient, apiOptions, reportingApiErrors } from "../apiClient.ts";
import { remoteLine, remotesPath, type WireRemote } from "../remoteLine.ts";

export const summary = "push a store to its backup remotes now";

const USAGE = `usage: memgit push MEMSTORE_ID [NAME]
       Pushes the store to the backup remote NAME, or to each of its remotes, now; prints
       each remote as \`memgit remotes list\` does. Exits 1 when a push fails (git's words,
       with any password masked, follow the status).
${API_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: apiOptions });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [storeId, name, ...extra] = positionals;
  if (!storeId || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const client = apiClient(values, "push");
  const base = remotesPath(storeId);
  return reportingApiErrors("push", async () => {
    const names = name !== undefined ? [name] : (await client.get<{ data: WireRemote[] }>(base)).data.map((r) => r.name);
    if (names.length === 0) {
      process.stderr.write(`memgit push: ${storeId} has no backup remote; add one with memgit remotes add\n`);
      return 1;
    }
    let failed = 0;
    for (const remote of names) {
      // One failing remote does not keep the others from being pushed.
      const code = await reportingApiErrors("push", async () => {
        process.stdout.write(remoteLine(await client.post<WireRemote>(`${base}/${encodeURIComponent(remote)}/push`)));
        return 0;
      });
      failed += code;
    }
    return failed > 0 ? 1 : 0;
  });
}
