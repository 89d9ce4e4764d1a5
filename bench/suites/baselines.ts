// The two baselines of issue 3, on the same workload and disk as the engine:
// (a) better-sqlite3, WAL, synchronous=FULL: per write one version-row insert + one head upsert in a transaction;
// (b) append + fdatasync of a similar-sized record per write (the disk's limit for one durable append).
// Both are synchronous, as fast as these libraries go from Node; suites/writes.ts times them.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fdatasyncSync, fsyncSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Op, Seed } from "../lib/workload.ts";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const versionId = () => `memver_${randomBytes(20).toString("hex")}`;
const memId = (slot: number) => `mem_${String(slot).padStart(26, "0")}`;
const ACTOR = "api_actor:apikey_bench";

export interface SyncTarget {
  seed(initial: readonly Seed[]): void;
  apply(op: Op): void;
  close(): void;
}

/** The baseline's database: WAL, synchronous=FULL, a versions table and a head row per memory (also express-sqlite-child.ts). */
export function openBaselineDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(`
    CREATE TABLE versions (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, memory_id TEXT NOT NULL, operation TEXT NOT NULL,
      path TEXT, content TEXT, sha256 TEXT, size INTEGER, actor TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE INDEX versions_by_memory ON versions (memory_id, seq);
    CREATE TABLE memories (
      id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, content TEXT NOT NULL, sha256 TEXT NOT NULL,
      size INTEGER NOT NULL, version_id TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
  `);
  return db;
}

export function sqliteBaseline(dir: string): SyncTarget {
  const db = openBaselineDb(path.join(dir, "baseline.sqlite"));
  const insertVersion = db.prepare(
    "INSERT INTO versions (id, memory_id, operation, path, content, sha256, size, actor, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
  );
  const upsertHead = db.prepare(
    `INSERT INTO memories (id, path, content, sha256, size, version_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)
     ON CONFLICT(id) DO UPDATE SET content = excluded.content, sha256 = excluded.sha256, size = excluded.size,
       version_id = excluded.version_id, updated_at = excluded.updated_at`,
  );
  const pathOf = db.prepare<[string], { path: string }>("SELECT path FROM memories WHERE id = ?");
  const deleteHead = db.prepare("DELETE FROM memories WHERE id = ?");

  const write = (slot: number, op: "created" | "modified" | "deleted", p: string | null, content: string | null) => {
    const id = memId(slot);
    const now = Date.now();
    const vid = versionId();
    if (op === "deleted") {
      const prev = pathOf.get(id);
      insertVersion.run(vid, id, op, prev?.path ?? null, null, null, null, ACTOR, now);
      deleteHead.run(id);
      return;
    }
    const hash = sha256(content as string);
    const size = Buffer.byteLength(content as string);
    const thePath = p ?? (pathOf.get(id) as { path: string }).path;
    insertVersion.run(vid, id, op, thePath, content, hash, size, ACTOR, now);
    upsertHead.run(id, thePath, content, hash, size, vid, now, now);
  };
  const txn = db.transaction(write);
  return {
    seed(initial) {
      db.transaction(() => {
        for (const s of initial) write(s.slot, "created", s.path, s.content);
      })();
    },
    apply(op) {
      if (op.kind === "modify") txn(op.slot, "modified", null, op.content);
      else if (op.kind === "create") txn(op.slot, "created", op.path, op.content);
      else txn(op.slot, "deleted", null, null);
    },
    close: () => db.close(),
  };
}

export function fdatasyncBaseline(dir: string): SyncTarget {
  const fd = openSync(path.join(dir, "baseline.log"), "a");
  const record = (slot: number, kind: string, p: string | null, content: string | null): Buffer => {
    const header = JSON.stringify({
      v: versionId(),
      m: memId(slot),
      op: kind,
      path: p,
      sha256: content === null ? null : sha256(content),
      actor: ACTOR,
      at: Date.now(),
    });
    return Buffer.from(`${header}\n${content ?? ""}\n`);
  };
  return {
    seed(initial) {
      for (const s of initial) writeSync(fd, record(s.slot, "created", s.path, s.content));
      fsyncSync(fd);
    },
    apply(op) {
      const buf =
        op.kind === "delete"
          ? record(op.slot, "deleted", null, null)
          : record(op.slot, op.kind === "modify" ? "modified" : "created", op.kind === "create" ? op.path : null, op.content);
      writeSync(fd, buf);
      fdatasyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}
