// `memgit serve [--port N] [--host H] [--data-dir DIR]`: the HTTP API on local disk.
import type { Command } from "commander";
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from "@memgit/server";
import { announceFirstAdminKey, remindFirstAdminKey } from "../firstAdminKey.ts";
import { privateDataDir } from "../privateDataDir.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "run the memgit server on local disk";

const ABOUT = `  The first start creates the "default" workspace and its admin API key: printed when stdout
  is a terminal, otherwise written to DIR/first-admin-key (owner-only) and only that path is
  printed. MEMGIT_BOOTSTRAP_KEY supplies the key instead; it is never printed. Everything
  under DIR is created readable by its owner only.

  Retention: versions older than D days (MEMGIT_RETENTION_DAYS, default 30, decimals allowed;
  0: every version not protected) are pruned hourly and on \`POST …/prune\`, except the N most
  recent of each live memory (MEMGIT_RETENTION_KEEP, default 1) and what a checkpoint needs.
`;

interface ServeFlags {
  port?: string;
  host?: string;
  dataDir?: string;
  retentionDays?: string;
  retentionKeep?: string;
}

export function command(): Command {
  return verbCommand("serve", summary)
    .option("--port <n>", "port to listen on (MEMGIT_PORT, default 4080)")
    .option("--host <host>", "address to listen on (MEMGIT_HOST, default 127.0.0.1)")
    .option("--data-dir <dir>", "where stores and keys live (MEMGIT_DATA_DIR, default ./.memgit-data)")
    .option("--retention-days <d>", "prune versions older than D days (MEMGIT_RETENTION_DAYS, default 30)")
    .option("--retention-keep <n>", "but keep each memory's N most recent (MEMGIT_RETENTION_KEEP, default 1)")
    .addHelpText("after", `\n${ABOUT}`)
    .action((o: ServeFlags, self: Command) => serve(o, self));
}

async function serve(values: ServeFlags, self: Command): Promise<void> {
  const portText = values.port ?? process.env.MEMGIT_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) {
    self.error(`error: invalid port ${portText}`);
  }
  const daysText = values.retentionDays ?? process.env.MEMGIT_RETENTION_DAYS;
  const keepText = values.retentionKeep ?? process.env.MEMGIT_RETENTION_KEEP;
  const days = daysText === undefined ? undefined : Number(daysText);
  const keep = keepText === undefined ? undefined : Number(keepText);
  if (days !== undefined && (!/^\d+(\.\d+)?$/.test(daysText!) || !Number.isFinite(days))) {
    self.error(`error: invalid retention days ${daysText} (a number of days, 0 or more)`);
  }
  if (keep !== undefined && (!/^\d+$/.test(keepText!) || keep < 1)) {
    self.error(`error: invalid retention keep ${keepText} (a whole number, 1 or more)`);
  }
  const dataDir = privateDataDir(values.dataDir, "serve");
  const server = await startServer({
    dataDir,
    port,
    host: values.host ?? process.env.MEMGIT_HOST ?? DEFAULT_HOST,
    bootstrapKey: process.env.MEMGIT_BOOTSTRAP_KEY || undefined,
    warmConsole: true,
    retention: { ...(days !== undefined ? { days } : {}), ...(keep !== undefined ? { keep } : {}) },
  });

  // What follows "listening on" is in place before it is printed (the first key's file, for
  // one): scripts wait for that line.
  let said = "";
  const out = { isTTY: process.stdout.isTTY, write: (text: string) => (said += text) };
  if (server.bootstrap) {
    announceFirstAdminKey(server.bootstrap, { supplied: Boolean(process.env.MEMGIT_BOOTSTRAP_KEY), dataDir, out });
  } else {
    if (process.env.MEMGIT_BOOTSTRAP_KEY)
      out.write("MEMGIT_BOOTSTRAP_KEY is ignored: this data directory already has its first key.\n");
    remindFirstAdminKey(dataDir, out);
    out.write("Need a key? In another terminal: ./memgit keys create --workspace default --role admin\n");
  }
  process.stdout.write(`memgit listening on ${server.url}  (data: ${dataDir})\n${said}`);

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
}

export const run = (argv: string[]) => runVerb(command(), argv);
