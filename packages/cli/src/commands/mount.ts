// `memgit mount (--session ID | --store ID...) [--read-only] [--url URL] [--key-file FILE] DIR`
// Mounts the stores through FUSE until SIGTERM/SIGINT, then writes every open change and
// unmounts. Without FUSE it says so and points to `memgit sync`.
import { parseArgs } from "node:util";
import {
  connect,
  connectionFrom,
  fuseAvailable,
  httpStoreClient,
  mount,
  namedStores,
  sessionStores,
  DEFAULT_CACHE_TTL_MS,
} from "@memgit/files";
import { CREDENTIAL_HELP } from "../credential.ts";
import { connectionValues, storeArgOptions, targetDir, untilSignal } from "../storeArgs.ts";

export const summary = "mount stores as directories through FUSE";

const USAGE = `usage: memgit mount (--session ID | --store ID [--store ID ...]) [--read-only] [--url URL] [--key-file FILE] DIR

  Mounts memory stores as directories (one per store, named by its slug); the mount root is
  read-only. A file written and closed with new content is one version; rm deletes; mv inside a
  store renames. Others' writes show up within ${(2 * DEFAULT_CACHE_TTL_MS) / 1000} s.
  --url URL        server (MEMGIT_URL, default http://127.0.0.1:4080)
${CREDENTIAL_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...storeArgOptions, debug: { type: "boolean", default: false } },
  });
  const dir = targetDir(values, positionals, USAGE);
  if (typeof dir === "number") return dir;
  const why = fuseAvailable();
  if (why) {
    process.stderr.write(`memgit mount: FUSE is not available here (${why}).\n` + `Use \`memgit sync ${values.session ? `--session ${values.session}` : `--store ${values.store![0]}`} ${dir}\` instead: it keeps a directory and the store in sync both ways.\n`);
    return 3;
  }
  const sdk = connect(connectionFrom(connectionValues(values, "mount")));
  const attached = values.session ? await sessionStores(sdk, values.session) : await namedStores(sdk, values.store!, false);
  if (attached.length === 0) {
    process.stderr.write("memgit mount: the session attaches no memory store\n");
    return 1;
  }
  const client = httpStoreClient(sdk);
  // Listening before anything is announced: a signal sent the moment "mounted" is read must
  // find the handler, or it kills the process with the mount still in place.
  const stopped = untilSignal();
  const m = await mount({
    dir,
    client,
    readOnly: values["read-only"],
    debug: values.debug,
    stores: attached.map((s) => ({ id: s.id, slug: s.slug, readOnly: s.readOnly })),
  });
  for (const s of m.stores) {
    process.stdout.write(`${dir.replace(/\/+$/, "")}/${s.slug}\t${s.id}\t${values["read-only"] || s.readOnly ? "read_only" : "read_write"}\n`);
  }
  process.stdout.write("mounted; SIGTERM or Ctrl-C unmounts\n");
  await stopped;
  const failures = await m.unmount(); // stops accepting writes first, then flushes, then unmounts
  for (const f of failures) process.stderr.write(`memgit mount: an open file could not be written: ${String(f)}\n`);
  process.stdout.write("unmounted\n");
  return failures.length ? 1 : 0;
}
