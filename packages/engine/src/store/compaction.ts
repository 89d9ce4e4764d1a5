// Compaction (docs/decisions/0003-compaction.md): checkpoints add one small pack each; once
// there are enough, roll them up. Native `git repack --geometric=2` when git is installed
// (it finds deltas, which is what makes a store about as small as `git gc` would); otherwise a
// plain merge of the packs, so memfs stores keep a bounded pack count without git.
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

export function listPacks(backend: Backend, gitDir: string): string[] {
  const dir = gitDirLayout(gitDir).packDir;
  return (backend.fs.readdirSync(dir) as string[]).filter((f) => f.endsWith(".idx")).map((f) => f.slice(0, -4));
}

/** Returns whether packs changed (readers must forget cached pack lists). */
export async function compact(backend: Backend, gitDir: string, opts: { full?: boolean } = {}): Promise<boolean> {
  const packs = listPacks(backend, gitDir);
  if (packs.length < (opts.full ? 2 : backend.flags.nativeGit ? NATIVE_AT_PACKS : MERGE_AT_PACKS)) return false;
  if (backend.flags.nativeGit) {
    // -F: checkpoints store objects uncompressed; make git compress them rather than reuse.
    await runGit(gitDir, opts.full ? ["repack", "-a", "-d", "-q", "-F"] : ["repack", "-d", "-q", "-F", "--geometric=2"]);
    return true;
  }
  await mergePacks(backend, gitDir, packs);
  return true;
}

async function mergePacks(backend: Backend, gitDir: string, packs: string[]): Promise<void> {
  const dir = gitDirLayout(gitDir).packDir;
  const reader = new ObjectReader(backend, gitDir, new Map());
  const oids = new Set<string>();
  for (const p of packs) for (const oid of new PackIndex(backend.fs.readFileSync(join(dir, `${p}.idx`)) as Buffer).oids()) oids.add(oid);
  const objects = [];
  for (const oid of oids) objects.push({ ...reader.read(oid), oid });
  reader.close();
  const built = buildPack(objects, 1);
  const base = join(dir, `pack-${built.name}`);
  writeFileDurably(backend, `${base}.pack`, built.pack);
  writeFileDurably(backend, `${base}.idx`, built.idx);
  syncDir(backend, dir);
  for (const p of packs) {
    if (p === `pack-${built.name}`) continue;
    // The .idx goes first: without it git ignores the pack, so no reader sees a half-deleted one.
    backend.fs.unlinkSync(join(dir, `${p}.idx`));
    backend.fs.unlinkSync(join(dir, `${p}.pack`));
  }
  syncDir(backend, dir);
}
