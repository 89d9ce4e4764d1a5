// Opening a store is recovery (docs/format.md §Recovery): replay the journal into git, repair
// what can be repaired from intact data (a torn journal tail, a missing pack index, a lost or
// stale index), and refuse with CorruptError what cannot, saying which.
import { join } from "node:path";
import git from "isomorphic-git";
import { Catalog } from "../catalog/catalog.ts";
import { indexCheckpoints } from "../catalog/indexCheckpoints.ts";
import { indexHistory, indexRedactions, type PrunedBase } from "../catalog/indexHistory.ts";
import { readShallow } from "../history/purge.ts";
import { decodeCreated, decodeRetained } from "../history/retained.ts";
import { CorruptError } from "../errors/index.ts";
import { writeCheckpoint } from "../journal/checkpoint.ts";
import { Journal, JournalCorruptError } from "../journal/journal.ts";
import { replayObjects } from "../journal/replay.ts";
import { hashed, parseCommit, parseTree, type GitObject } from "../model/gitObject.ts";
import { WorkingTree } from "../model/workingTree.ts";
import { syncDir, writeFileAtomic, writeFileDurably, type Backend } from "../storage/backend.ts";
import { FORMAT_MARKER, gitDirLayout, MAIN_REF, META_REF, REDACTIONS_DIR, RETAINED_DIR, STORE_JSON, TAGS_PREFIX } from "../storage/layout.ts";
import { runGit } from "../storage/nativeGit.ts";
import { ObjectReader } from "../storage/objectReader.ts";
import { listRefs, readRef } from "../storage/refs.ts";
import type { StoreInfo } from "../types.ts";
import { Store, type StoreOptions } from "./Store.ts";
import { buildMetaCommit, decodeStoreJson } from "./storeMeta.ts";

/** An empty bare repository: directories, HEAD (→ main), config and description, durably. */
export async function writeRepoSkeleton(backend: Backend, gitDir: string, description: string): Promise<void> {
  const L = gitDirLayout(gitDir);
  for (const d of [L.packDir, L.refsHeads, L.refsTags, L.memgit]) backend.fs.mkdirSync(d, { recursive: true });
  // Fsynced, not just written: the directory syncs make the names durable, not the bytes, and
  // git refuses a repository whose HEAD or config is empty after a power cut.
  await writeFileDurably(backend, L.head, "ref: refs/heads/main\n");
  await writeFileDurably(backend, L.config, "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n");
  await writeFileDurably(backend, L.description, `${description}\n`);
}

/** Creates the bare repository skeleton and the first metadata commit, durably. */
export async function initStoreRepo(backend: Backend, gitDir: string, info: StoreInfo): Promise<void> {
  const L = gitDirLayout(gitDir);
  await writeRepoSkeleton(backend, gitDir, `memgit store ${info.id}`);
  await writeFileAtomic(backend, L.format, FORMAT_MARKER, L.memgit);
  const { objects, oid } = buildMetaCommit(info, new Map(), [], null, null, info.createdAt.getTime(), "store created", "store_created");
  await writeCheckpoint(backend, gitDir, objects.map(hashed), new Map([[META_REF, oid]]));
  for (const d of [join(gitDir, "objects"), join(gitDir, "refs"), gitDir]) await syncDir(backend, d);
}

export async function openStore(backend: Backend, gitDir: string, storeId: string, options: StoreOptions): Promise<Store> {
  const L = gitDirLayout(gitDir);
  const { fs } = backend;
  const repairs: string[] = [];
  const corrupt = (detail: string) => new CorruptError(storeId, detail);

  if (!fs.existsSync(L.format)) {
    if (readRef(backend, gitDir, META_REF) === null) throw corrupt("not a memgit store: no refs/heads/memgit-meta");
    fs.mkdirSync(L.memgit, { recursive: true });
    await writeFileAtomic(backend, L.format, FORMAT_MARKER, L.memgit);
    repairs.push("adopted a plain git repository (a clone or backup); its index is rebuilt from git");
  } else if (String(fs.readFileSync(L.format, "utf8")) !== FORMAT_MARKER) {
    throw corrupt(`unknown store format ${JSON.stringify(String(fs.readFileSync(L.format, "utf8")).trim())}; refusing to touch it`);
  }
  await repairPackIndexes(backend, gitDir, repairs);

  const pending = new Map<string, GitObject>();
  const reader = new ObjectReader(backend, gitDir, pending);
  let opened;
  try {
    opened = Journal.open(backend, L.journals);
    const { journal, replay } = opened;
    if (replay.truncatedBytes > 0) repairs.push(`cut ${replay.truncatedBytes} bytes of a torn journal tail (a write that was never acknowledged)`);
    if (replay.records.length > 0) {
      const refs = new Map<string, string>();
      for (const r of replay.records) for (const u of r.refs) refs.set(u.ref, u.new);
      await writeCheckpoint(backend, gitDir, replayObjects(replay.records, reader), refs);
      journal.reset();
    }
  } catch (err) {
    opened?.journal.close();
    reader.close();
    if (err instanceof JournalCorruptError) throw corrupt(err.message);
    throw err;
  }
  const { journal } = opened;

  const main = readRef(backend, gitDir, MAIN_REF);
  const meta = readRef(backend, gitDir, META_REF);
  if (!meta) throw corrupt("refs/heads/memgit-meta is missing");
  let info: StoreInfo;
  let redactions: Map<string, string>;
  let retained: Map<string, string>;
  let mainTree: string | null;
  try {
    ({ info, redactions, retained } = await loadMeta(reader, meta));
    mainTree = main ? parseCommit(reader.read(main).content).tree : null;
  } catch (err) {
    throw systemError(err) ?? corrupt(`cannot read the head commits: ${(err as Error).message}`);
  }
  if (info.id !== storeId) throw corrupt(`store.json names ${info.id}, the directory ${storeId}`);

  const catalog = openCatalog(backend, L.catalog, repairs);
  let tree: WorkingTree;
  try {
    const base = () => prunedBase(backend, gitDir, reader, retained);
    await syncCatalog(catalog, reader, main, base, repairs);
    tree = loadTree(catalog);
    if (!sameTree(tree, mainTree)) {
      repairs.push("index disagreed with the head commit; rebuilt from git");
      catalog.clear();
      if (main) await indexHistory(catalog, reader, null, main, base());
      tree = loadTree(catalog);
      if (!sameTree(tree, mainTree)) throw new Error("head tree does not match its own history");
    }
    if (catalog.head("meta") !== meta) await indexRedactions(catalog, reader, redactions, meta);
    indexCheckpoints(catalog, reader, listRefs(backend, gitDir, TAGS_PREFIX));
  } catch (err) {
    catalog.close();
    journal.close();
    reader.close();
    throw err instanceof CorruptError ? err : (systemError(err) ?? corrupt((err as Error).message));
  }
  const stats = catalog.transaction(() => ({ count: catalog.versionCount(), last: catalog.versions({}, null, 1)[0]?.created_at ?? 0 }));
  const store = new Store(
    {
      id: storeId,
      gitDir,
      backend,
      journal,
      catalog,
      reader,
      pending,
      tree,
      heads: { main, meta },
      info,
      redactions,
      retained,
      versionCount: stats.count,
      lastTimeMs: stats.last,
      repairs,
    },
    options,
  );
  if (store.purgeOwed) {
    // A history rewrite was cut short after its refs moved: finish removing the old objects.
    repairs.push("finished removing objects a history rewrite left behind");
    await store.purge().catch(async (err: unknown) => {
      await store.close();
      throw err;
    });
  }
  return store;
}


/**
 * A failing system call (out of descriptors, EIO) says nothing about the data: it is passed on
 * as it is, for the caller to retry or report, instead of calling the store corrupt.
 */
function systemError(err: unknown): Error | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? (err as Error) : null;
}

async function loadMeta(reader: ObjectReader, meta: string): Promise<{ info: StoreInfo; redactions: Map<string, string>; retained: Map<string, string> }> {
  const root = parseTree(reader.read(parseCommit(reader.read(meta).content).tree).content);
  const storeJson = root.find((e) => e.name === STORE_JSON);
  if (!storeJson) throw new Error("metadata branch has no store.json");
  const info = decodeStoreJson(reader.read(storeJson.oid).content);
  const redactions = new Map<string, string>();
  const dir = root.find((e) => e.name === REDACTIONS_DIR);
  if (dir) for (const e of parseTree(reader.read(dir.oid).content)) redactions.set(e.name, e.oid);
  const retained = new Map<string, string>();
  const kept = root.find((e) => e.name === RETAINED_DIR);
  if (kept) for (const e of parseTree(reader.read(kept.oid).content)) retained.set(e.name, e.oid);
  return { info, redactions, retained };
}

function openCatalog(backend: Backend, path: string, repairs: string[]): Catalog {
  const location = backend.sqlitePath(path);
  try {
    return new Catalog(location);
  } catch (err) {
    repairs.push(`index unreadable (${(err as Error).message}); rebuilt from git`);
    for (const suffix of ["", "-wal", "-shm"]) backend.fs.rmSync(path + suffix, { force: true });
    return new Catalog(location);
  }
}

async function syncCatalog(catalog: Catalog, reader: ObjectReader, main: string | null, base: () => PrunedBase, repairs: string[]): Promise<void> {
  const indexed = catalog.head("main");
  if (indexed === main) return;
  if (indexed && main && (await indexHistory(catalog, reader, indexed, main, base()))) return;
  if (!main) return catalog.clear();
  repairs.push(indexed ? "index was not on this history; rebuilt from git" : "index missing; rebuilt from git");
  catalog.clear();
  if (main) await indexHistory(catalog, reader, null, main, base());
}

/** The boundary of a pruned history and the versions kept below it (read only when rebuilding). */
function prunedBase(backend: Backend, gitDir: string, reader: ObjectReader, retained: ReadonlyMap<string, string>): PrunedBase {
  const records = [];
  const created = new Map<string, number>();
  for (const [name, blob] of retained) {
    if (name.endsWith(".created")) {
      const c = decodeCreated(reader.read(blob).content);
      created.set(c.memoryId, c.createdAtMs);
    }
    if (!name.endsWith(".json")) continue;
    records.push(decodeRetained(reader.read(blob).content, retained.get(`${name.slice(0, -5)}.content`) ?? null));
  }
  return { shallow: readShallow(backend, gitDir), retained: records, created };
}

function loadTree(catalog: Catalog): WorkingTree {
  const tree = new WorkingTree();
  for (const m of catalog.allMemories()) {
    tree.set(m.path, {
      kind: "file",
      memoryId: m.id,
      blobOid: m.blob_oid,
      sha256: m.sha256,
      sizeBytes: m.size,
      versionId: m.version_id,
      createdAtMs: m.created_at,
      updatedAtMs: m.updated_at,
    });
  }
  tree.takeChanges();
  return tree;
}

function sameTree(tree: WorkingTree, headTree: string | null): boolean {
  if (headTree === null) return tree.memoryCount === 0;
  return tree.writeTrees([]) === headTree;
}

/** A pack without its .idx is invisible to git; rebuild the index from the pack itself. */
async function repairPackIndexes(backend: Backend, gitDir: string, repairs: string[]): Promise<void> {
  const dir = gitDirLayout(gitDir).packDir;
  if (!backend.fs.existsSync(dir)) return;
  const files = new Set(backend.fs.readdirSync(dir) as string[]);
  // Leftovers of a checkpoint or compaction cut short: never referenced, safe to drop.
  for (const f of files) if (f.startsWith("tmp_pack_memgit_") || f.endsWith(".tmp")) backend.fs.rmSync(join(dir, f), { force: true });
  for (const f of files) {
    if (!f.endsWith(".pack") || files.has(f.slice(0, -5) + ".idx")) continue;
    if (backend.flags.nativeGit) await runGit(gitDir, ["index-pack", join(dir, f)]);
    else await git.indexPack({ fs: backend.fs as any, dir: gitDir, gitdir: gitDir, filepath: join("objects", "pack", f) });
    repairs.push(`rebuilt the missing index of ${f}`);
  }
}
