// A new store must be whole after a power cut: every file initStoreRepo writes is fsynced before
// the store directory is renamed into place, or native git may find an empty HEAD or config.
import { expect, it } from "vitest";
import * as nodeFs from "node:fs";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Backend, StorageFs } from "../src/storage/backend.ts";
import { fsBackend } from "../src/storage/fsBackend.ts";
import { initStoreRepo } from "../src/store/openStore.ts";

const call = <T>(f: unknown, args: unknown[]) => (f as (...a: unknown[]) => T)(...args);

/**
 * The real file system, recording which paths hold fsynced content: a write makes a path
 * dirty, an fsync of a descriptor opened on it makes it durable, a rename carries the state.
 */
function recordingFs(): { fs: StorageFs; durable: Set<string> } {
  const durable = new Set<string>();
  const fdPath = new Map<number, string>();
  const synced = (fd: number) => {
    const path = fdPath.get(fd);
    if (path !== undefined) durable.add(path);
  };
  const fs: StorageFs = {
    ...nodeFs,
    openSync: ((...args: unknown[]) => {
      const fd = call<number>(nodeFs.openSync, args);
      fdPath.set(fd, String(args[0]));
      return fd;
    }) as typeof nodeFs.openSync,
    closeSync: (fd) => {
      fdPath.delete(fd);
      nodeFs.closeSync(fd);
    },
    writeSync: ((...args: unknown[]) => {
      durable.delete(fdPath.get(args[0] as number)!);
      return call<number>(nodeFs.writeSync, args);
    }) as typeof nodeFs.writeSync,
    writeFileSync: ((...args: unknown[]) => {
      durable.delete(String(args[0]));
      call<void>(nodeFs.writeFileSync, args);
    }) as typeof nodeFs.writeFileSync,
    fsyncSync: (fd) => {
      nodeFs.fsyncSync(fd);
      synced(fd);
    },
    fdatasyncSync: (fd) => {
      nodeFs.fdatasyncSync(fd);
      synced(fd);
    },
    fsync: ((fd: number, cb: (err: Error | null) => void) =>
      nodeFs.fsync(fd, (err) => {
        if (!err) synced(fd);
        cb(err);
      })) as typeof nodeFs.fsync,
    renameSync: (from, to) => {
      nodeFs.renameSync(from, to);
      if (durable.delete(String(from))) durable.add(String(to));
      else durable.delete(String(to));
    },
  };
  return { fs, durable };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it("fsyncs every file of a new store before it is renamed into place", async () => {
  const real = fsBackend(mkdtempSync(join(tmpdir(), "memgit-init-")));
  const { fs, durable } = recordingFs();
  const backend: Backend = { ...real, fs };
  const gitDir = join(real.root, "new.git");
  const now = new Date(1262356920000);
  const info = { id: "memstore_init", name: "n", description: "", metadata: {}, owner: null, createdAt: now, updatedAt: now, archivedAt: null };
  await initStoreRepo(backend, gitDir, info);
  const files = filesUnder(gitDir);
  expect(files.map((f) => f.slice(gitDir.length + 1))).toEqual(expect.arrayContaining(["HEAD", "config", "description", "memgit/FORMAT"]));
  expect(files.filter((f) => !durable.has(f))).toEqual([]);
});
