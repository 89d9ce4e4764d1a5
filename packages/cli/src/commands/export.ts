// `memgit export MEMSTORE_ID [FILE]`: the store as a git bundle (GET …/export), to FILE or to
// stdout. A bundle restores with `memgit import`, or clones with plain git (`git clone FILE`).
import { createWriteStream, renameSync, rmSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { parseArgs } from "node:util";
import { API_HELP, apiClient, apiOptions, reportingApiErrors } from "../apiClient.ts";

const USAGE = `usage: memgit export MEMSTORE_ID [FILE]
       Writes the store as a git bundle to FILE (written whole, then renamed into place) or to
       stdout: every version, the store's metadata, redactions and checkpoints. Bring it back
       with memgit import FILE. Prints the file and its size when writing to FILE.
${API_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: apiOptions });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [storeId, file, ...extra] = positionals;
  if (!storeId || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!file && process.stdout.isTTY) {
    process.stderr.write("memgit export: not writing a bundle to a terminal; give a FILE or redirect stdout\n");
    return 2;
  }
  const client = apiClient(values, "export");
  return reportingApiErrors("export", async () => {
    const res = await client.get(`/v1/memory_stores/${encodeURIComponent(storeId)}/export`).asResponse();
    const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    if (!file) {
      await pipeline(body, process.stdout);
      return 0;
    }
    // Whole or not at all: a cut transfer leaves no file that looks like a backup.
    const partial = `${file}.partial`;
    let bytes = 0;
    body.on("data", (chunk: Buffer) => (bytes += chunk.length));
    try {
      await pipeline(body, createWriteStream(partial, { mode: 0o600 }));
      renameSync(partial, file);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
    process.stdout.write(`${file}\t${bytes} bytes\n`);
    return 0;
  });
}
