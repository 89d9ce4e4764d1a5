// `memgit serve [--port N] [--host H] [--data-dir DIR]`: the HTTP API on local disk.
import { parseArgs } from "node:util";
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from "@memgit/server";
import { announceFirstAdminKey, remindFirstAdminKey } from "../firstAdminKey.ts";
import { privateDataDir } from "../privateDataDir.ts";

export const summary = "run the memgit server on local disk";

const USAGE = `usage: memgit serve [--port N] [--host HOST] [--data-dir DIR] [--retention-days D] [--retention-keep N]

  The first start creates the "default" workspace and its admin API key: printed when stdout
  is a terminal, otherwise written to DIR/first-admin-key (owner-only) and only that path is
  printed. MEMGIT_BOOTSTRAP_KEY supplies the key instead; it is never printed. Everything
  under DIR is created readable by its owner only.

  Retention: versions older than D days (MEMGIT_RETENTION_DAYS, default 30, decimals allowed;
  0: every version not protected) are pruned hourly and on \`POST …/prune\`, except the N most
  recent of each live memory (MEMGIT_RETENTION_KEEP, default 1) and what a checkpoint needs.
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      "retention-days": { type: "string" },
      "retention-keep": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const portText = values.port ?? process.env.MEMGIT_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) {
    process.stderr.write(`memgit serve: invalid port ${portText}\n${USAGE}`);
    return 2;
  }
  const daysText = values["retention-days"] ?? process.env.MEMGIT_RETENTION_DAYS;
  const keepText = values["retention-keep"] ?? process.env.MEMGIT_RETENTION_KEEP;
  const days = daysText === undefined ? undefined : Number(daysText);
  const keep = keepText === undefined ? undefined : Number(keepText);
  if (days !== undefined && (!/^\d+(\.\d+)?$/.test(daysText!) || !Number.isFinite(days))) {
    process.stderr.write(`memgit serve: invalid retention days ${daysText} (a number of days, 0 or more)\n`);
    return 2;
  }
  if (keep !== undefined && (!/^\d+$/.test(keepText!) || keep < 1)) {
    process.stderr.write(`memgit serve: invalid retention keep ${keepText} (a whole number, 1 or more)\n`);
    return 2;
  }
  const dataDir = privateDataDir(values["data-dir"], "serve");
  const server = await startServer({
    dataDir,
    port,
    host: values.host ?? process.env.MEMGIT_HOST ?? DEFAULT_HOST,
    bootstrapKey: process.env.MEMGIT_BOOTSTRAP_KEY || undefined,
    warmConsole: true,
    retention: { ...(days !== undefined ? { days } : {}), ...(keep !== undefined ? { keep } : {}) },
  });

  const out = process.stdout;
  out.write(`memgit listening on ${server.url}  (data: ${dataDir})\n`);
  if (server.bootstrap) {
    announceFirstAdminKey(server.bootstrap, { supplied: Boolean(process.env.MEMGIT_BOOTSTRAP_KEY), dataDir, out });
  } else {
    if (process.env.MEMGIT_BOOTSTRAP_KEY)
      out.write("MEMGIT_BOOTSTRAP_KEY is ignored: this data directory already has its first key.\n");
    remindFirstAdminKey(dataDir, out);
    out.write("Need a key? In another terminal: ./memgit keys create --workspace default --role admin\n");
  }

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`memgit: ${signal}, finishing in-flight requests and flushing stores\n`);
      server.close().then(resolve, (err: unknown) => {
        process.stderr.write(`memgit: shutdown failed: ${String(err)}\n`);
        resolve();
      });
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  return 0;
}
