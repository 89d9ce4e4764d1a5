// Where things live, shared by `memgit serve` and the CLI verbs that open server.sqlite.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { AuthStore } from "./auth/AuthStore.ts";

export const DEFAULT_DATA_DIR = ".memgit-data";

export const resolveDataDir = (flag: string | undefined) =>
  resolve(flag ?? process.env.MEMGIT_DATA_DIR ?? DEFAULT_DATA_DIR);

export const serverDbPath = (dataDir: string) => join(dataDir, "server.sqlite");

/** Backup repositories this server hosts for other memgits (docs/decisions/0053), one folder per workspace. */
export const backupsPath = (dataDir: string) => join(dataDir, "backups");

/** Where `memgit serve` leaves a generated first admin key when stdout is not a terminal. */
export const firstAdminKeyPath = (dataDir: string) => join(dataDir, "first-admin-key");

/**
 * The auth database of an existing data directory. The CLI refuses to create one, since
 * the server's first start is what mints the first admin key.
 */
export function openAuthStore(dataDir: string): AuthStore {
  const file = serverDbPath(dataDir);
  if (!existsSync(file))
    throw new Error(`no memgit server data in ${dataDir}; start the server once with \`./memgit serve\` (or pass --data-dir)`);
  return AuthStore.open(file);
}
