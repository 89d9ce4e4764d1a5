// Importing a store from a git bundle (docs/format.md §Import and export, docs/decisions/0055). All the
// work happens in a private directory under the data directory's `stores/`: the bundle is
// written there, its pack indexed with git's object checks, the history checked against the
// store rules, the metadata branch given its new owner (and id), the index built; only then
// is the repository renamed into place. A crash at any point leaves a dot-directory that the
// next start removes, or the whole store.
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, openSync, readSync, closeSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { InvalidBundleError, InvalidInputError, isMemgitError } from "../errors/index.ts";
import { storageError } from "../errors/InsufficientStorageError.ts";
import { writeCheckpoint } from "../journal/checkpoint.ts";
import { hashed } from "../model/gitObject.ts";
import { newStoreId } from "../model/ids.ts";
import { readShallow, writeShallow } from "../history/purge.ts";
import { syncDir, type Backend } from "../storage/backend.ts";
import { dataDirLayout, FORMAT_MARKER, gitDirLayout, MAIN_REF, META_REF } from "../storage/layout.ts";
import { runGit } from "../storage/nativeGit.ts";
import { ObjectReader } from "../storage/objectReader.ts";
import { openStore, writeRepoSkeleton } from "../store/openStore.ts";
import type { StoreOptions } from "../store/Store.ts";
import { buildMetaCommit } from "../store/storeMeta.ts";
import type { Limits, StoreInfo } from "../types.ts";
import { MAX_HEADER_BYTES, parseBundleHeader } from "./bundleHeader.ts";
import { GitFailure, gitWithInput } from "./gitStreams.ts";
import { mainChain, validateMain, type MainHistory } from "./validateHistory.ts";
import { checkRecords, checkTags, noMetadata, readStoreMeta, storeRefs } from "./validateMeta.ts";
import type { RetainedRecord } from "../history/retained.ts";

export interface ImportOptions {
  /** Owner of the imported store (the server's workspace id). */
  owner: string | null;
  /** Give the store a new id; memory and version ids stay. */
  newId: boolean;
  /** Called once with the id the store will have; throws when it is taken (and reserves it otherwise). */
  claim: (storeId: string) => void;
  /** Records the store, once it is in place, in the data directory's registry. */
  register: (info: StoreInfo) => void;
}

/**
 * Imports a bundle into the data directory: prepared in a scratch directory, opened once there
 * (which builds and checks its index), then renamed into place and registered.
 */
export async function importStore(backend: Backend, options: StoreOptions, source: Readable, o: ImportOptions): Promise<StoreInfo> {
  if (!backend.flags.persistent || !backend.flags.nativeGit) throw new InvalidInputError("bundle", "importing needs stores on disk and the git binary");
  const L = dataDirLayout(backend.root);
  const scratch = L.importScratch(randomBytes(8).toString("hex"));
  let id = "being imported";
  try {
    backend.fs.mkdirSync(scratch, { mode: 0o700 });
    const { info, repo } = await prepareImport(backend, scratch, source, { ...o, limits: options.limits, clock: options.clock });
    id = info.id;
    await (await openStore(backend, repo, info.id, options)).close();
    backend.fs.renameSync(repo, L.store(info.id));
    await syncDir(backend, L.stores);
    o.register(info);
    return info;
  } catch (err) {
    throw storageError(id, err);
  } finally {
    backend.fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Builds the imported store's repository at `<scratch>/repo.git`, complete and checked, and
 * returns its info (owner and id as imported). Throws InvalidBundleError for a bundle that
 * breaks a rule; whatever `source` throws (a size limit, a client gone) is passed on.
 */
async function prepareImport(
  backend: Backend,
  scratch: string,
  source: Readable,
  o: Pick<ImportOptions, "owner" | "newId" | "claim"> & { limits: Limits; clock: () => number },
): Promise<{ info: StoreInfo; repo: string }> {
  const bundle = join(scratch, "store.bundle");
  await pipeline(source, createWriteStream(bundle, { mode: 0o600 }));
  const header = parseBundleHeader(readHead(bundle));
  const refs = storeRefs(header.refs);

  const repo = join(scratch, "repo.git");
  await writeRepoSkeleton(backend, repo, "memgit store (being imported)");
  try {
    await gitWithInput(repo, ["index-pack", "--stdin", "--fsck-objects"], createReadStream(bundle, { start: header.packOffset }));
  } catch (err) {
    if (err instanceof GitFailure) throw new InvalidBundleError(`its pack is damaged, truncated or holds malformed objects (git index-pack: ${err.detail})`);
    throw err;
  }
  backend.fs.rmSync(bundle, { force: true });

  const reader = new ObjectReader(backend, repo, new Map());
  try {
    for (const [ref, oid] of refs) if (!reader.has(oid)) throw new InvalidBundleError(`names object ${oid}, which the bundle does not carry`, { ref });
    if (!refs.has(META_REF)) {
      // Foreign history is named by its first commit that is not memgit's.
      checkMain(reader, refs.get(MAIN_REF) ?? null, [], o.limits);
      throw noMetadata();
    }
    const meta = readStoreMeta(reader, refs.get(META_REF)!, o.limits);
    const id = o.newId ? newStoreId() : meta.info.id;
    o.claim(id);
    const main = checkMain(reader, refs.get(MAIN_REF) ?? null, meta.retainedRecords, o.limits);
    checkRecords(reader, refs.get(META_REF)!, meta, main);
    checkTags(reader, refs, main);

    // The store as imported: this server's owner, the id it will have, one metadata commit saying so.
    const info: StoreInfo = { ...meta.info, id, owner: o.owner };
    const subject = id === meta.info.id ? "store imported" : `store imported (was ${meta.info.id})`;
    const commit = buildMetaCommit(info, meta.redactions, [], refs.get(META_REF)!, null, o.clock(), subject, "store_imported", meta.retained);
    await writeCheckpoint(backend, repo, commit.objects.map(hashed), new Map([...refs, [META_REF, commit.oid]]));
    if (main.boundary) await writeShallow(backend, repo, main.boundary);
    await checkConnected(repo);
    // One pack of what the refs reach: nothing the bundle carried beside the store stays (bitmaps
    // off: on a shallow repository git 2.39 lost `shallow` writing them).
    await runGit(repo, ["-c", "repack.writeBitmaps=false", "-c", "core.fsync=pack,pack-metadata", "repack", "-a", "-d", "-q"]);
    if (main.boundary && readShallow(backend, repo).size === 0) throw new Error("git repack dropped the shallow boundary");
    backend.fs.writeFileSync(gitDirLayout(repo).description, `memgit store ${id}\n`);
    await writeFormat(backend, repo);
    return { info, repo };
  } catch (err) {
    throw asBundleError(err);
  } finally {
    reader.close();
  }
}

/** The bundle's first bytes: enough for any header memgit accepts. */
function readHead(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(MAX_HEADER_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

function checkMain(reader: ObjectReader, head: string | null, retained: RetainedRecord[], limits: Limits): MainHistory {
  if (head === null) {
    if (retained.length > 0) throw new InvalidBundleError("the metadata branch records kept versions, but the bundle has no refs/heads/main", { ref: META_REF });
    return { commits: [], boundary: null, baseTime: null, versions: new Map(), redacted: new Set() };
  }
  const { chain, boundary } = mainChain(reader, head, limits.maxVersions);
  return validateMain(reader, chain, boundary, retained, limits);
}

/** Every object the refs reach is there (git's own walk; `shallow` ends it at a pruned boundary). */
async function checkConnected(repo: string): Promise<void> {
  try {
    await runGit(repo, ["fsck", "--connectivity-only", "--no-dangling"]);
  } catch (err) {
    throw new InvalidBundleError(`the bundle lacks objects its history needs (${String((err as Error).message).split(repo).join("…").slice(0, 300)})`);
  }
}

async function writeFormat(backend: Backend, repo: string): Promise<void> {
  const L = gitDirLayout(repo);
  backend.fs.writeFileSync(L.format, FORMAT_MARKER);
  await syncDir(backend, L.memgit);
}

/** Parsing failures inside a bundle's objects are the bundle's fault; system errors are not. */
function asBundleError(err: unknown): unknown {
  if (isMemgitError(err)) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return err;
  if (err instanceof Error && /not found|damaged|malformed|JSON|Unexpected/.test(err.message)) return new InvalidBundleError(`unreadable: ${err.message.slice(0, 300)}`);
  return err;
}
