// What `keys` and `workspaces` share: the server's auth store in the data directory they are
// given (--data-dir, MEMGIT_DATA_DIR), opened owner-only and closed when done.
import type { Command } from "commander";
import { openAuthStore } from "@memgit/server";
import { privateDataDir } from "./privateDataDir.ts";

export type AuthStore = ReturnType<typeof openAuthStore>;

export const DATA_DIR_HELP = "the server's data directory (MEMGIT_DATA_DIR, default ./.memgit-data)";

export function withAuthStore(self: Command, verb: string, fn: (auth: AuthStore) => void): void {
  const auth = openAuthStore(privateDataDir(self.optsWithGlobals<{ dataDir?: string }>().dataDir, verb));
  try {
    fn(auth);
  } finally {
    auth.close();
  }
}
