// `memgit remotes list|add|remove STORE …`: a store's backup remotes, which the server pushes
// to after writes (docs/api-extensions.md §Backup remotes), over the HTTP API. Admin keys only.
import { parseArgs } from "node:util";
import { API_HELP, apiClient, apiOptions, reportingApiErrors } from "../apiClient.ts";
import { remoteLine, remotesPath, type WireRemote } from "../remoteLine.ts";

export const summary = "a store's backup remotes, pushed to after every write (list, add, remove)";

const USAGE = `usage: memgit remotes list MEMSTORE_ID              (name, url, state, versions behind, last success, last error)
       memgit remotes add MEMSTORE_ID NAME URL
       memgit remotes remove MEMSTORE_ID NAME
       URL: a path or file:// URL under the server's MEMGIT_BACKUP_ROOT, or an http(s) URL
       under one of its MEMGIT_BACKUP_URLS. An http(s) password is best given in
       MEMGIT_REMOTE_PASSWORD (a URL argument is visible to every local user in the process
       list); the server keeps it in its own database and never shows it again.
${API_HELP}`;

/** The URL with MEMGIT_REMOTE_PASSWORD put in as its password, when it has none. */
function withPassword(url: string): string {
  const password = process.env.MEMGIT_REMOTE_PASSWORD;
  if (!/^https?:\/\//i.test(url)) return url;
  const parsed = new URL(url);
  if (parsed.password !== "") {
    process.stderr.write("memgit remotes: warning: a password in URL is visible to every local user in the process list; use MEMGIT_REMOTE_PASSWORD\n");
    return url;
  }
  if (!password) return url;
  if (parsed.username === "") parsed.username = "memgit";
  parsed.password = encodeURIComponent(password);
  return parsed.href;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: apiOptions });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [action, storeId, ...rest] = positionals;
  const arity: Record<string, number> = { list: 0, add: 2, remove: 1 };
  if (!action || !storeId || arity[action] !== rest.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  const client = apiClient(values, "remotes");
  const base = remotesPath(storeId);
  const out = (s: string) => process.stdout.write(s);
  return reportingApiErrors("remotes", async () => {
    if (action === "list") (await client.get<{ data: WireRemote[] }>(base)).data.forEach((r) => out(remoteLine(r)));
    else if (action === "add") out(remoteLine(await client.post<WireRemote>(base, { body: { name: rest[0], url: withPassword(rest[1]!) } })));
    else {
      await client.delete(`${base}/${encodeURIComponent(rest[0]!)}`);
      out(`removed ${rest[0]}\n`);
    }
    return 0;
  });
}
