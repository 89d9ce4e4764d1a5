// `memgit sync (--session ID | --store ID...) [--interval SECONDS] [--keep] [--url URL] [--key-file FILE] DIR`
// Downloads each store into DIR/<slug> and reconciles both ways every interval (spec §12.3,
// through the SDK's SessionMemoryStores) until SIGTERM/SIGINT, then runs the final sync and a
// bounded flush and removes the folders (kept with --keep).
import { parseArgs } from "node:util";
import { connect, connectionFrom, namedStores, sessionStores, startSync, DEFAULT_SYNC_INTERVAL_MS } from "@memgit/files";
import { CREDENTIAL_HELP } from "../credential.ts";
import { connectionValues, storeArgOptions, targetDir, untilSignal } from "../storeArgs.ts";

export const summary = "keep a plain directory and stores in step, both ways";

const USAGE = `usage: memgit sync (--session ID | --store ID [--store ID ...]) [--read-only] [--interval SECONDS] [--keep] [--url URL] [--key-file FILE] DIR

  Materialises each store in DIR/<slug> (which must not exist) and reconciles both ways every
  interval (default ${DEFAULT_SYNC_INTERVAL_MS / 1000} s, minimum 5 s): remote-only changes are pulled, local-only
  changes pushed with a sha precondition, the store wins conflicts, local deletes reach the store
  only after 30 s and a re-check, an emptied folder is re-downloaded, read-only stores only pull,
  refused files are skipped until they change. On SIGTERM/Ctrl-C: a last sync, a flush bounded by
  30 s, then the folders are removed unless --keep.
  --url URL        server (MEMGIT_URL, default http://127.0.0.1:4080)
${CREDENTIAL_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...storeArgOptions, interval: { type: "string" }, keep: { type: "boolean", default: false } },
  });
  const dir = targetDir(values, positionals, USAGE);
  if (typeof dir === "number") return dir;
  const intervalMs = values.interval === undefined ? DEFAULT_SYNC_INTERVAL_MS : Number(values.interval) * 1000;
  if (!Number.isFinite(intervalMs) || intervalMs < 5000) {
    process.stderr.write("memgit sync: --interval must be at least 5 seconds\n");
    return 2;
  }
  const sdk = connect(connectionFrom(connectionValues(values, "sync")));
  const stores = values.session ? await sessionStores(sdk, values.session) : await namedStores(sdk, values.store!, values["read-only"]);
  if (values["read-only"]) for (const s of stores) s.readOnly = true;
  // Listening before anything is announced: a signal sent the moment "synced" is read must
  // find the handler, or it kills the process without its last sync.
  const stopped = untilSignal();
  const sync = await startSync({ sdk, stores, dir, intervalMs });
  for (const [i, s] of stores.entries()) process.stdout.write(`${sync.roots[i]}\t${s.id}\t${s.readOnly ? "read_only" : "read_write"}\n`);
  process.stdout.write("synced; SIGTERM or Ctrl-C finishes\n");
  await stopped; // passes run every interval meanwhile, one at a time
  await sync.finish({ keep: values.keep }); // waits for a pass in progress
  process.stdout.write("finished\n");
  return 0;
}
