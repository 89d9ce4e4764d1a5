// Compaction (docs/decisions/0003-compaction.md). With native git: checkpoint packs hold their
// objects uncompressed ("raw"); each compaction first has git compress and deltify the raw
// packs into one (`pack-objects --stdin-packs --no-reuse-object`, so nothing stored is reused
// as is), then keeps the pack count logarithmic with `git repack --geometric=2`. Without git
// (memfs): a plain merge of the packs, so pack count stays bounded.
import { join } from "node:path";
import { buildPack } from "../journal/packWriter.ts";
import { PackIndex } from "../pack/packIndex.ts";
import { syncDir, writeFileDurably, type Backend } from "../storage/backend.ts";
import { gitDirLayout } from "../storage/layout.ts";
import { runGit } from "../storage/nativeGit.ts";
import { ObjectReader } from "../storage/objectReader.ts";

/** Packs before a roll-up: native git (geometric, in another process) and the JS merge (on the event loop). */
export const NATIVE_AT_PACKS = 4;
export const MERGE_AT_PACKS = 8;
/** Raw (uncompressed) checkpoint packs gathered before compressing them during a burst. */
export const RAW_BATCH = 3;

export function listPacks(backend: Backend, gitDir: string): string[] {
  const dir = gitDirLayout(gitDir).packDir;
  return (backend.fs.readdirSync(dir) as string[]).filter((f) => f.endsWith(".idx")).map((f) => f.slice(0, -4));
}

/** Returns whether packs changed (readers must forget cached pack lists). */
export interface CompactOptions {
  /** Roll everything into one pack. */
  full?: boolean;
  /** The store went quiet: compress every raw pack now. */
  quiet?: boolean;
  /** Stops a running git (its output is written to temporary files and renamed, so nothing is left half-done). */
  signal?: AbortSignal;
}

export async function compact(backend: Backend, gitDir: string, opts: CompactOptions = {}): Promise<boolean> {
  if (!backend.flags.nativeGit) {
    const packs = listPacks(backend, gitDir);
    if (packs.length < (opts.full ? 2 : MERGE_AT_PACKS)) return false;
    await mergePacks(backend, gitDir, packs);
    return true;
  }
  // During a burst, compress raw packs a few at a time (each git spawn costs the event loop
  // ~10 ms); once the store is quiet, or on demand, all of them.
  let changed = await compressRawPacks(backend, gitDir, opts.full || opts.quiet ? 1 : RAW_BATCH, opts.signal);
  const packs = listPacks(backend, gitDir);
  // A raw pack from a checkpoint meanwhile would be reused uncompressed: leave it to the next round.
  const dir = gitDirLayout(gitDir).packDir;
  if (packs.some((p) => isRawPack(backend, join(dir, `${p}.pack`)))) return changed;
  if (packs.length >= (opts.full ? 2 : NATIVE_AT_PACKS)) {
    const mode = opts.full ? ["-a"] : ["--geometric=2"];
    // On a shallow (pruned) repository, git 2.39 writing bitmaps ran for minutes and lost `shallow`.
    const bitmaps = backend.fs.existsSync(gitDirLayout(gitDir).shallow) ? ["-c", "repack.writeBitmaps=false"] : [];
    await runGit(gitDir, [...bitmaps, "-c", "core.fsync=pack,pack-metadata", "repack", "-d", "-q", ...mode], undefined, opts.signal);
    changed = true;
  }
  return changed;
}

/** A checkpoint pack: its first object's zlib stream starts with a stored (uncompressed) block. */
function isRawPack(backend: Backend, packPath: string): boolean {
  const fd = backend.fs.openSync(packPath, "r");
  try {
    const head = Buffer.alloc(32);
    const n = backend.fs.readSync(fd, head, 0, 32, 0);
    if (n < 16 || head.readUInt32BE(8) === 0) return false;
    let at = 12;
    while (head[at]! & 0x80) at++;
    at++;
    return head[at] === 0x78 && head[at + 1] === 0x01 && (head[at + 2]! & 0x06) === 0;
  } finally {
    backend.fs.closeSync(fd);
  }
}

async function compressRawPacks(backend: Backend, gitDir: string, atLeast: number, signal?: AbortSignal): Promise<boolean> {
  const dir = gitDirLayout(gitDir).packDir;
  const packs = listPacks(backend, gitDir);
  const raw = packs.filter((p) => isRawPack(backend, join(dir, `${p}.pack`)));
  if (raw.length < atLeast) return false;
  const others = packs.filter((p) => !raw.includes(p));
  const list = [...raw.map((p) => `${p}.pack`), ...others.map((p) => `^${p}.pack`)].join("\n") + "\n";
  await runGit(gitDir, ["-c", "core.fsync=pack,pack-metadata", "pack-objects", "--stdin-packs", "--no-reuse-object", "--delta-base-offset", "-q", join(dir, "pack")], list, signal);
  await syncDir(backend, dir);
  for (const p of raw) removePack(backend, dir, p);
  await syncDir(backend, dir);
  return true;
}

function removePack(backend: Backend, dir: string, name: string): void {
  // The .idx goes first: without it git ignores the pack, so no reader sees a half-deleted one.
  for (const ext of [".idx", ".pack", ".rev", ".bitmap"]) backend.fs.rmSync(join(dir, name + ext), { force: true });
}

/** Rolls `packs` into one; `keep`, when given, says which objects survive (the rest are dropped). */
export async function mergePacks(backend: Backend, gitDir: string, packs: string[], keep?: (oid: string) => boolean): Promise<void> {
  const dir = gitDirLayout(gitDir).packDir;
  const reader = new ObjectReader(backend, gitDir, new Map());
  const oids = new Set<string>();
  for (const p of packs) for (const oid of new PackIndex(backend.fs.readFileSync(join(dir, `${p}.idx`)) as Buffer).oids()) if (!keep || keep(oid)) oids.add(oid);
  const objects = [];
  for (const oid of oids) objects.push({ ...reader.read(oid), oid });
  reader.close();
  const built = buildPack(objects, 1);
  const base = join(dir, `pack-${built.name}`);
  await writeFileDurably(backend, `${base}.pack`, built.pack);
  await writeFileDurably(backend, `${base}.idx`, built.idx);
  await syncDir(backend, dir);
  for (const p of packs) if (p !== `pack-${built.name}`) removePack(backend, dir, p);
  await syncDir(backend, dir);
}
