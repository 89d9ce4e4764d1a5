import * as fs from "node:fs";
import { resolve } from "node:path";
import type { Backend } from "./backend.ts";
import { hasNativeGit } from "./nativeGit.ts";

/** The embedded default: bare repositories on local disk, fsynced. */
export function fsBackend(dataDir: string): Backend {
  return {
    name: "fs",
    fs,
    root: resolve(dataDir),
    flags: { persistent: true, fsync: true, nativeGit: hasNativeGit() },
    sqlitePath: (path) => path,
  };
}
