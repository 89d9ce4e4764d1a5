// `memgit mcp (--session ID | --store ID...) [--read-only]`: memgit as an MCP server on stdio
// for any MCP client (Claude Code, Claude Desktop, Cursor…), speaking to a memgit server over
// HTTP with --url and the credential like the other client verbs. stdout is the protocol
// channel: everything else goes to stderr.
import { parseArgs } from "node:util";
import { connect, connectionFrom } from "@memgit/files";
import { resolveStores, serveStdio } from "@memgit/mcp";
import { reportingApiErrors } from "../apiClient.ts";
import { CREDENTIAL_HELP } from "../credential.ts";
import { connectionValues, storeArgOptions } from "../storeArgs.ts";

const USAGE = `usage: memgit mcp (--session ID | --store ID [--store ID ...]) [--read-only] [--url URL] [--key-file FILE]

  Serves memory stores to an MCP client over stdio: the memory tool's commands (view, create,
  str_replace, insert, delete, rename), search, history and restore, and each memory as a
  resource memgit://STORE/path. Read-only stores (--read-only, a read_only attachment or key)
  get no write tools. Ends when the client closes stdin.
  --url URL        server (MEMGIT_URL, default http://127.0.0.1:4080)
${CREDENTIAL_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: storeArgOptions });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0 || !values.session === !values.store?.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  const sdk = connect(connectionFrom(connectionValues(values, "mcp")));
  const readOnly = values["read-only"];
  let stores: Awaited<ReturnType<typeof resolveStores>> = [];
  const resolved = await reportingApiErrors("mcp", async () => {
    stores = await resolveStores(sdk, values.session ? { session: values.session, readOnly } : { stores: values.store!, readOnly });
    return 0;
  });
  if (resolved !== 0) return resolved;
  if (stores.length === 0) {
    process.stderr.write("memgit mcp: the session attaches no memory store\n");
    return 1;
  }
  const closed = new Promise<void>((resolve) => {
    process.stdin.once("end", resolve);
    process.stdin.once("close", resolve);
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  const server = await serveStdio(sdk, stores);
  process.stderr.write(`memgit mcp: serving ${stores.map((s) => `${s.slug} (${s.id}${s.readOnly ? ", read-only" : ""})`).join(", ")} on stdio\n`);
  await closed;
  await server.close();
  return 0;
}
