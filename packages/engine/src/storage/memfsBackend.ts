import { Volume, createFsFromVolume } from "memfs";
import type { Backend, StorageFs } from "./backend.ts";

/** Ephemeral stores in memory (tests, scratch use). No native git, so no delta compaction. */
export function memfsBackend(): Backend {
  const fs = createFsFromVolume(new Volume()) as unknown as StorageFs;
  fs.mkdirSync("/memgit", { recursive: true });
  return {
    name: "memfs",
    fs,
    root: "/memgit",
    flags: { persistent: false, fsync: false, nativeGit: false },
    sqlitePath: () => ":memory:",
  };
}
