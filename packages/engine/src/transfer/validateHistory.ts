// Replays an imported `main` oldest first against the store rules (docs/format.md §The memory
// branch, §Import and export): one parent per commit, memgit's trailers and commit form, valid paths,
// content matching its hash and size, every cap, ids that are consistent (a memory is created
// before it changes, a version id is used once), and each commit's tree exactly the snapshot
// the versions so far make. The first commit that breaks a rule is named.
import { createHash } from "node:crypto";
import { InvalidBundleError } from "../errors/index.ts";
import type { Limits } from "../types.ts";
import type { RetainedRecord } from "../history/retained.ts";
import { commitObject } from "../model/commitObject.ts";
import { formatVersionMessage, parseVersionMessage, type VersionRecord } from "../model/commitTrailers.ts";
import { hashObject, parseCommit, parseTree, type Commit } from "../model/gitObject.ts";
import { isMemoryId, versionIdFromCommit } from "../model/ids.ts";
import { validateMemoryPath } from "../model/memoryPath.ts";
import { segmentsOf, WorkingTree } from "../model/workingTree.ts";
import { isValidActor } from "../model/actor.ts";
import type { ObjectReader } from "../storage/objectReader.ts";
import { MAIN_REF } from "../storage/layout.ts";

export interface MainHistory {
  /** Commit ids oldest first. */
  commits: string[];
  /** The oldest commit when its parent was pruned (the store's history is shallow there). */
  boundary: string | null;
  /** The first commit's version time when history was pruned (every retained version is older). */
  baseTime: number | null;
  /** Version id → its time, for every version (retained ones too). */
  versions: Map<string, number>;
  /** Ids of the versions whose commits are redacted. */
  redacted: Set<string>;
}

/** What a memory is at the current point of the replay. */
interface MemoryState {
  live: boolean;
  /** Its last version is redacted: the snapshot lacks it, the next version may modify or delete it. */
  redacted: boolean;
}

const bad = (rule: string, commit: string) => new InvalidBundleError(rule, { commit, ref: MAIN_REF });

/** The first-parent chain from `head`, oldest first, and the pruned boundary if history is cut. */
export function mainChain(reader: ObjectReader, head: string, maxVersions: number): { chain: Array<{ oid: string; commit: Commit }>; boundary: string | null } {
  const chain: Array<{ oid: string; commit: Commit }> = [];
  let boundary: string | null = null;
  for (let oid: string | null = head; oid; ) {
    if (chain.length > maxVersions) throw new InvalidBundleError(`main has more than ${maxVersions} commits (the version cap)`, { ref: MAIN_REF });
    const object = reader.read(oid);
    if (object.type !== "commit") throw bad(`is a ${object.type}, not a commit`, oid);
    let commit: Commit;
    try {
      commit = parseCommit(object.content);
    } catch (err) {
      throw bad((err as Error).message, oid);
    }
    chain.push({ oid, commit });
    const parent: string | undefined = commit.parents[0];
    // A parent the bundle lacks: retention cut history here (a bundle with prerequisites was refused earlier).
    if (parent && !reader.has(parent)) {
      boundary = oid;
      break;
    }
    oid = parent ?? null;
  }
  return { chain: chain.reverse(), boundary };
}

export function validateMain(
  reader: ObjectReader,
  chain: Array<{ oid: string; commit: Commit }>,
  boundary: string | null,
  retained: RetainedRecord[],
  limits: Limits,
): MainHistory {
  // Pruned: main starts at the boundary, shallow there or (rewritten since) a root commit.
  const pruned = boundary !== null || retained.length > 0;
  const tree = new WorkingTree();
  const memories = new Map<string, MemoryState>();
  const versions = new Map<string, number>();
  const redacted = new Set<string>();
  let lastTime = 0;
  // The versions kept below a pruned boundary come first: the boundary's parent snapshot.
  for (const { row } of [...retained].sort((a, b) => a.row.created_at - b.row.created_at)) {
    versions.set(row.vid, row.created_at);
    lastTime = Math.max(lastTime, row.created_at);
    const present = row.op !== "deleted" && row.redacted_at === null;
    const old = tree.pathOf(row.memory_id);
    if (old !== undefined) tree.remove(old);
    if (present) tree.set(row.path, leafOf(row.memory_id, row.vid, row.blob_oid!, row.sha256!, row.size!, row.created_at));
    memories.set(row.memory_id, { live: present, redacted: row.redacted_at !== null });
  }

  for (const [i, { oid, commit }] of chain.entries()) {
    const fail = (rule: string) => bad(rule, oid);
    if (commit.parents.length > 1) throw fail(`has ${commit.parents.length} parents: a store's history is linear (one parent per commit)`);
    if (i === 0 && commit.parents.length === 1 && oid !== boundary) throw fail("its parent is missing");
    let v: VersionRecord;
    try {
      v = parseVersionMessage(commit.message);
    } catch (err) {
      throw fail(`not a memgit version commit: ${(err as Error).message}`);
    }
    if (!isMemoryId(v.memoryId)) throw fail(`Memgit-Memory-Id ${JSON.stringify(v.memoryId.slice(0, 60))} is not a memory id`);
    if (v.actor !== null && !isValidActor(v.actor)) throw fail("Memgit-Actor is not a valid actor");
    if (v.actor === null && /^Memgit-Actor: /m.test(commit.message)) throw fail("Memgit-Actor names an unknown actor type");
    const vid = v.versionId ?? versionIdFromCommit(oid);
    if (versions.has(vid)) throw fail(`version id ${vid} is used twice`);
    if (v.createdAtMs <= lastTime) throw fail(`Memgit-Time ${new Date(v.createdAtMs).toISOString()} is not after the previous version's: times strictly increase along main`);
    versions.set(vid, v.createdAtMs);
    lastTime = v.createdAtMs;
    if (versions.size > limits.maxVersions) throw fail(`more than ${limits.maxVersions} versions (the version cap)`);

    const state = memories.get(v.memoryId);
    // The first commit may change a memory it does not create: a pruned history's boundary, whose
    // own memory's earlier state need not be kept (docs/format.md §Retention), even when no
    // version was kept below it and a redaction since made the boundary a root commit.
    const exists = (state !== undefined && (state.live || state.redacted)) || i === 0;
    if (v.redaction) {
      if (v.operation !== "created" && !exists) throw fail(`a redacted ${v.operation} of memory ${v.memoryId}, which does not exist`);
      redacted.add(vid);
      removeMemory(tree, v.memoryId);
      memories.set(v.memoryId, { live: false, redacted: true });
    } else if (v.operation === "created" && state?.live) {
      throw fail(`creates memory ${v.memoryId}, which already exists`);
    } else if (v.operation !== "created" && !exists) {
      throw fail(`${v.operation === "deleted" ? "deletes" : "modifies"} memory ${v.memoryId}, which does not exist`);
    } else {
      checkPath(v.path, fail);
      if (v.operation === "deleted") {
        const at = tree.pathOf(v.memoryId);
        if (at !== undefined && at !== v.path) throw fail(`deletes memory ${v.memoryId} at ${JSON.stringify(v.path)}, but it is at ${JSON.stringify(at)}`);
        removeMemory(tree, v.memoryId);
        memories.set(v.memoryId, { live: false, redacted: false });
      } else {
        const holder = tree.occupant(v.path, v.memoryId);
        if (holder) throw fail(`writes ${JSON.stringify(v.path)}, which memory ${holder.memoryId} holds at ${JSON.stringify(holder.path)}`);
        const blob = checkedContent(reader, commit.tree, v, limits, fail);
        removeMemory(tree, v.memoryId);
        tree.set(v.path, leafOf(v.memoryId, vid, blob, v.sha256!, v.sizeBytes!, v.createdAtMs));
        memories.set(v.memoryId, { live: true, redacted: false });
        if (tree.memoryCount > limits.maxMemories) throw fail(`more than ${limits.maxMemories} memories (the memory cap)`);
        if (tree.totalBytes > limits.maxStoreBytes) throw fail(`more than ${limits.maxStoreBytes} bytes of content (the storage cap)`);
      }
    }
    if (tree.writeTrees([]) !== commit.tree)
      throw fail("its tree is not the store's snapshot after this version (a file added, changed or removed outside memgit's rules)");
    checkCanonical(oid, commit, v, fail);
  }
  const first = chain[0] ? parseVersionMessage(chain[0].commit.message).createdAtMs : null;
  return { commits: chain.map((c) => c.oid), boundary, baseTime: pruned ? first : null, versions, redacted };
}

function leafOf(memoryId: string, versionId: string, blobOid: string, sha256: string, sizeBytes: number, createdAtMs: number) {
  return { kind: "file" as const, memoryId, blobOid, sha256, sizeBytes, versionId, createdAtMs, updatedAtMs: createdAtMs };
}

function removeMemory(tree: WorkingTree, memoryId: string): void {
  const at = tree.pathOf(memoryId);
  if (at !== undefined) tree.remove(at);
}

export function checkPath(path: string, fail: (rule: string) => Error): void {
  try {
    validateMemoryPath(path, "Memgit-Path");
  } catch (err) {
    throw fail((err as Error).message);
  }
}

/** The blob at the version's path: a memory's bytes, within the cap, matching the trailers. */
function checkedContent(reader: ObjectReader, root: string, v: VersionRecord, limits: Limits, fail: (rule: string) => Error): string {
  let oid = root;
  let mode = "40000";
  for (const seg of segmentsOf(v.path)) {
    const entry = mode === "40000" ? parseTree(reader.read(oid).content).find((e) => e.name === seg) : undefined;
    if (!entry) throw fail(`its tree lacks ${JSON.stringify(v.path)}`);
    ({ oid, mode } = entry);
  }
  const object = reader.read(oid);
  if (mode !== "100644" || object.type !== "blob") throw fail(`${JSON.stringify(v.path)} is not a file`);
  checkBytes(object.content, v.sha256, v.sizeBytes, limits, fail);
  return oid;
}

export function checkBytes(content: Buffer, sha256: string | null, sizeBytes: number | null, limits: Limits, fail: (rule: string) => Error): void {
  if (content.length > limits.maxMemoryBytes) throw fail(`a memory of ${content.length} bytes, over the cap of ${limits.maxMemoryBytes}`);
  if (!Buffer.from(content.toString("utf8"), "utf8").equals(content)) throw fail("content is not valid UTF-8");
  if (createHash("sha256").update(content).digest("hex") !== sha256) throw fail("content does not match Memgit-Content-Sha256");
  if (content.length !== sizeBytes) throw fail(`content is ${content.length} bytes, Memgit-Content-Size says ${sizeBytes}`);
}

/** The commit must be byte for byte what memgit writes for its version: header, subject, trailer order. */
function checkCanonical(oid: string, commit: Commit, v: VersionRecord, fail: (rule: string) => Error): void {
  const expected = commitObject(commit.tree, commit.parents[0] ?? null, v.actor, v.createdAtMs, formatVersionMessage(v));
  if (hashObject("commit", expected.content) === oid) return;
  const want = expected.content.toString("utf8").split("\n");
  const got = `tree ${commit.tree}\n${commit.parents.map((p) => `parent ${p}\n`).join("")}author ${sigLine(commit.author)}\ncommitter ${sigLine(commit.committer)}\n\n${commit.message}`.split("\n");
  const at = want.findIndex((line, i) => line !== got[i]);
  const line = at < 0 ? want.length : at;
  throw fail(`not in memgit's commit form: line ${line + 1} should be ${JSON.stringify(want[line] ?? "")}, is ${JSON.stringify((got[line] ?? "").slice(0, 120))}`);
}

const sigLine = (s: Commit["author"]) => `${s.name} <${s.email}> ${s.timestamp} +0000`;
