// The parts of an imported store beside `main` (docs/format.md §The metadata branch, §Retention,
// §Checkpoints, §Import and export): which refs a bundle may carry, the metadata branch's head (store.json,
// redaction records, versions kept below a pruned boundary) and the checkpoint tags.
import { InvalidBundleError } from "../errors/index.ts";
import { decodeCreated, decodeRetained, type RetainedRecord } from "../history/retained.ts";
import { isMemoryId, isStoreId } from "../model/ids.ts";
import { parseCommit, parseTree, type TreeEntry } from "../model/gitObject.ts";
import { validateDescription, validateMetadata, validateName } from "../model/storeFields.ts";
import { parseCheckpointTag } from "../model/tagObject.ts";
import { MAIN_REF, META_REF, REDACTIONS_DIR, RETAINED_DIR, STORE_JSON, TAGS_PREFIX } from "../storage/layout.ts";
import type { ObjectReader } from "../storage/objectReader.ts";
import { decodeRedaction, decodeStoreJson } from "../store/storeMeta.ts";
import type { Limits, StoreInfo } from "../types.ts";
import { checkBytes, checkPath, type MainHistory } from "./validateHistory.ts";

/** Refs under this prefix are the running store's own bookkeeping (decision 0051): carried as they are. */
export const BOOKKEEPING_PREFIX = "refs/memgit/";
const VERSION_ID = /^memver_[0-9a-f]{40}$/;

export const noMetadata = () =>
  new InvalidBundleError("not a memgit store: the bundle has no refs/heads/memgit-meta (the store's id, name and records live there)");

/** The refs to import (HEAD dropped); refuses refs a store does not have. */
export function storeRefs(refs: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [ref, oid] of refs) {
    if (ref === "HEAD") continue;
    if (ref !== MAIN_REF && ref !== META_REF && !ref.startsWith(TAGS_PREFIX) && !ref.startsWith(BOOKKEEPING_PREFIX))
      throw new InvalidBundleError("is not part of a memgit store (a store has refs/heads/main, refs/heads/memgit-meta and checkpoint tags)", { ref });
    out.set(ref, oid);
  }
  return out;
}

export interface StoreMeta {
  info: StoreInfo;
  /** `redactions/` and `retained/` entries: file name → blob id. */
  redactions: Map<string, string>;
  retained: Map<string, string>;
  retainedRecords: RetainedRecord[];
}

/** Reads and checks the metadata branch's head commit. */
export function readStoreMeta(reader: ObjectReader, head: string, limits: Limits): StoreMeta {
  const fail = (rule: string) => new InvalidBundleError(rule, { commit: head, ref: META_REF });
  const object = reader.read(head);
  if (object.type !== "commit") throw fail(`is a ${object.type}, not a commit`);
  const root = parseTree(reader.read(parseCommit(object.content).tree).content);
  const entry = (name: string, mode: TreeEntry["mode"]) => {
    const e = root.find((x) => x.name === name);
    if (e && e.mode !== mode) throw fail(`${name} is a ${e.mode === "40000" ? "directory" : "file"}`);
    return e;
  };
  for (const e of root)
    if (e.name !== STORE_JSON && e.name !== REDACTIONS_DIR && e.name !== RETAINED_DIR) throw fail(`unknown entry ${JSON.stringify(e.name)} on the metadata branch`);
  const storeJson = entry(STORE_JSON, "100644");
  if (!storeJson) throw fail("the metadata branch has no store.json");
  let info: StoreInfo;
  try {
    info = decodeStoreJson(reader.read(storeJson.oid).content);
    if (!isStoreId(info.id)) throw new Error(`id ${JSON.stringify(String(info.id).slice(0, 60))} is not a memory store id`);
    validateName(info.name);
    validateDescription(info.description);
    validateMetadata(info.metadata);
    for (const d of [info.createdAt, info.updatedAt, info.archivedAt]) if (d && Number.isNaN(d.getTime())) throw new Error("a time is not RFC 3339");
  } catch (err) {
    throw fail(`store.json: ${(err as Error).message}`);
  }
  const files = (name: string) => {
    const dir = entry(name, "40000");
    return new Map(dir ? parseTree(reader.read(dir.oid).content).map((e) => [e.name, e.oid]) : []);
  };
  const redactions = files(REDACTIONS_DIR);
  const retained = files(RETAINED_DIR);
  const retainedRecords: RetainedRecord[] = [];
  for (const [name, blob] of retained) {
    if (name.endsWith(".created")) {
      try {
        const c = decodeCreated(reader.read(blob).content);
        if (`${c.memoryId}.created` !== name || !isMemoryId(c.memoryId)) throw new Error("it names another memory");
      } catch (err) {
        throw fail(`retained/${name}: ${(err as Error).message}`);
      }
      continue;
    }
    const vid = name.slice(0, name.lastIndexOf("."));
    if (!VERSION_ID.test(vid) || (!name.endsWith(".json") && !name.endsWith(".content")) || !retained.has(`${vid}.json`))
      throw fail(`retained/${name} is not a kept version's record`);
    if (!name.endsWith(".json")) continue;
    const rfail = (rule: string) => fail(`retained/${name}: ${rule}`);
    let record: RetainedRecord;
    try {
      record = decodeRetained(reader.read(blob).content, retained.get(`${vid}.content`) ?? null);
    } catch (err) {
      throw rfail((err as Error).message);
    }
    const { row } = record;
    if (row.vid !== vid || !isMemoryId(row.memory_id) || !["created", "modified", "deleted"].includes(row.op) || Number.isNaN(row.created_at))
      throw rfail("its version id, memory id, operation or time is malformed");
    if (row.redacted_at === null) {
      checkPath(row.path, rfail);
      if (row.op !== "deleted") {
        if (!row.blob_oid) throw rfail("its content is missing");
        checkBytes(reader.read(row.blob_oid).content, row.sha256, row.size, limits, rfail);
      }
    }
    retainedRecords.push(record);
  }
  return { info, redactions, retained, retainedRecords };
}

/** Retained versions only below a pruned boundary; a redaction record for each redacted version and for no other. */
export function checkRecords(reader: ObjectReader, metaHead: string, meta: StoreMeta, main: MainHistory): void {
  const fail = (rule: string) => new InvalidBundleError(rule, { commit: metaHead, ref: META_REF });
  for (const { row } of meta.retainedRecords)
    if (main.baseTime !== null && row.created_at >= main.baseTime) throw fail(`retained version ${row.vid} is not older than the pruned boundary`);
  const redactedRetained = new Set(meta.retainedRecords.filter((r) => r.row.redacted_at !== null).map((r) => r.row.vid));
  const recorded = new Set<string>();
  for (const [name, blob] of meta.redactions) {
    let vid: string;
    try {
      vid = decodeRedaction(reader.read(blob).content).versionId;
    } catch (err) {
      throw fail(`redactions/${name}: ${(err as Error).message}`);
    }
    if (name !== `${vid}.json`) throw fail(`redactions/${name} records version ${String(vid).slice(0, 60)}`);
    if (!main.redacted.has(vid) && !redactedRetained.has(vid)) throw fail(`redactions/${name} records a version that is not redacted in this history`);
    recorded.add(vid);
  }
  for (const vid of [...main.redacted, ...redactedRetained]) if (!recorded.has(vid)) throw fail(`version ${vid} is redacted but has no redactions/ record`);
}

/** Every tag names a commit of main; a memgit checkpoint tag also a version of the store. */
export function checkTags(reader: ObjectReader, refs: ReadonlyMap<string, string>, main: MainHistory): void {
  const onMain = new Set(main.commits);
  for (const [ref, oid] of refs) {
    if (!ref.startsWith(TAGS_PREFIX)) continue;
    const object = reader.read(oid);
    let target = oid;
    if (object.type === "tag") {
      const checkpoint = parseCheckpointTag(object.content);
      const peeled = /^object ([0-9a-f]{40})$/m.exec(object.content.toString("latin1"));
      target = checkpoint?.commit ?? peeled?.[1] ?? "";
      if (checkpoint && main.versions.get(checkpoint.versionId) !== checkpoint.atMs)
        throw new InvalidBundleError(`checkpoint names version ${checkpoint.versionId.slice(0, 60)} at ${new Date(checkpoint.atMs).toISOString()}, which this history does not have`, { ref });
    } else if (object.type !== "commit") {
      throw new InvalidBundleError(`points at a ${object.type}; a checkpoint tag points at a commit of main`, { ref });
    }
    if (!onMain.has(target)) throw new InvalidBundleError("points outside main's history; a checkpoint tag points at a commit of main", { ref });
  }
}
