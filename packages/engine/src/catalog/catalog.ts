// The derived index of one store (docs/decisions/0002-index.md): current memories and version
// metadata in SQLite, so reads never walk git. Everything here can be rebuilt from the
// repository (rebuildCatalog.ts); it is written after the journal is durable and is allowed
// to lag it, never to lead it (heads record how far it got).
import Database from "better-sqlite3";
import { SqlFilter } from "./sqlFilter.ts";
import type { Operation } from "../types.ts";

/** A live memory's head. Its content is the blob `blob_oid` in git, not a copy here. */
export interface MemoryRow {
  id: string;
  path: string;
  sha256: string;
  size: number;
  blob_oid: string;
  version_id: string;
  created_at: number;
  updated_at: number;
}

export interface VersionRow {
  vid: string;
  memory_id: string;
  op: Operation;
  path: string;
  sha256: string | null;
  size: number | null;
  blob_oid: string | null;
  actor_type: string | null;
  actor_id: string | null;
  created_at: number;
  redacted_at: number | null;
  redactor_type: string | null;
  redactor_id: string | null;
  /** The snapshot tree of the version's commit; absent for versions kept below a pruned boundary. */
  tree_oid?: string | null;
}

/** A checkpoint tag (docs/decisions/0041). `at` is null for a tag memgit did not write and cannot place. */
export interface CheckpointRow {
  name: string;
  tag_oid: string;
  /** The newest version when the checkpoint was taken, and its time: the point it names. */
  version_id: string | null;
  at: number | null;
  created_at: number | null;
  actor_type: string | null;
  actor_id: string | null;
}

/** A memory's newest version at some point, with when the memory was (last) created by then. */
export interface VersionAtRow extends VersionRow {
  born: number | null;
}

export interface VersionFilter {
  memoryId?: string;
  operation?: Operation;
  actorType?: string;
  actorId?: string;
  createdAtGte?: number;
  createdAtLte?: number;
}

const SCHEMA_VERSION = "6";

// Versions are keyed by their time: a store's version times strictly increase (Store.nextTime),
// so the rowid b-tree itself is the newest-first order and the keyset, and each secondary
// index needs only its own column (SQLite appends the rowid). Hashes are stored as bytes.
// `commit_oid` is set only where history was rewritten (redaction); elsewhere a version's
// commit is its id's own hash. `tree_oid` is the version's snapshot (rewrites reuse it).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS heads(name TEXT PRIMARY KEY, oid TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS memories(
  id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
  size INTEGER NOT NULL, blob_oid TEXT NOT NULL, version_id TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS versions(
  created_at INTEGER PRIMARY KEY, vid BLOB NOT NULL UNIQUE, memory_id TEXT NOT NULL, op TEXT NOT NULL,
  path TEXT NOT NULL, sha256 BLOB, size INTEGER, blob_oid BLOB, actor_type TEXT, actor_id TEXT,
  redacted_at INTEGER, redactor_type TEXT, redactor_id TEXT, commit_oid BLOB, tree_oid BLOB);
CREATE INDEX IF NOT EXISTS versions_memory ON versions(memory_id);
CREATE INDEX IF NOT EXISTS versions_actor ON versions(actor_id);
CREATE INDEX IF NOT EXISTS versions_born ON versions(memory_id) WHERE op = 'created';
CREATE TABLE IF NOT EXISTS checkpoints(
  name TEXT PRIMARY KEY, tag_oid TEXT NOT NULL, version_id TEXT, at INTEGER,
  created_at INTEGER, actor_type TEXT, actor_id TEXT) WITHOUT ROWID;
`;

const MEMORY_COLS = "id, path, sha256, size, blob_oid, version_id, created_at, updated_at";
// hex(NULL) is '', hence the nullif.
const VERSION_COLS = `'memver_' || lower(hex(vid)) AS vid, memory_id, op, path, nullif(lower(hex(sha256)), '') AS sha256, size,
  nullif(lower(hex(blob_oid)), '') AS blob_oid, actor_type, actor_id, created_at, redacted_at, redactor_type, redactor_id,
  nullif(lower(hex(tree_oid)), '') AS tree_oid`;
const VID = "unhex(substr(?, 8))";

const hexBytes = (hex: string | null) => (hex === null ? null : Buffer.from(hex, "hex"));

export class Catalog {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    // The journal is the durable truth; the catalog catches up from it on open.
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("journal_size_limit = 1048576");
    this.db.pragma("temp_store = MEMORY");
    // Rows wait in one transaction until the next checkpoint (applyDeferred): keep its pages in
    // memory instead of spilling them to the WAL mid-transaction. Pages are allocated as used.
    this.db.pragma("cache_size = -16384");
    const v = this.db.pragma("user_version", { simple: true }) as number;
    // The index is derived: an older schema is simply dropped and rebuilt from git.
    if (v !== 0 && String(v) !== SCHEMA_VERSION) this.db.exec("DROP TABLE IF EXISTS heads; DROP TABLE IF EXISTS memories; DROP TABLE IF EXISTS versions;");
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Applies `fn` inside a long-running write transaction that `commit()` ends. This connection
   * reads its own uncommitted rows, so answers are current at once, while SQLite writes its
   * WAL once per commit instead of once per version. Losing an uncommitted tail is harmless:
   * the journal holds those versions and `heads` (in the same transaction) says where to resume.
   */
  applyDeferred(fn: () => void): void {
    if (!this.db.inTransaction) this.db.exec("BEGIN");
    // No savepoint per batch: its statement journal costs two writes per touched page, and a
    // failing apply is a bug that poisons the store (the journal still has everything).
    fn();
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }

  /** `quiet`: also fold the WAL into the database file and give its space back. */
  commit(quiet = false): void {
    if (this.db.inTransaction) this.db.exec("COMMIT");
    if (quiet) this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  /** `base`: the oldest version that still has its commit (pruned history's boundary), by id. */
  head(name: "main" | "meta" | "base"): string | null {
    const row = this.stmt("SELECT oid FROM heads WHERE name = ?").get(name) as { oid: string } | undefined;
    return row?.oid ?? null;
  }

  setHead(name: "main" | "meta" | "base", oid: string): void {
    this.stmt("INSERT INTO heads(name, oid) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET oid = excluded.oid").run(name, oid);
  }

  clear(): void {
    this.db.exec("DELETE FROM heads; DELETE FROM memories; DELETE FROM versions;");
  }

  upsertMemory(m: MemoryRow): void {
    this.stmt(
      `INSERT INTO memories(${MEMORY_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256,
         size = excluded.size, blob_oid = excluded.blob_oid, version_id = excluded.version_id, updated_at = excluded.updated_at`,
    ).run(m.id, m.path, m.sha256, m.size, m.blob_oid, m.version_id, m.created_at, m.updated_at);
  }

  deleteMemory(id: string): void {
    this.stmt("DELETE FROM memories WHERE id = ?").run(id);
  }

  memory(id: string): MemoryRow | undefined {
    return this.stmt(`SELECT ${MEMORY_COLS} FROM memories WHERE id = ?`).get(id) as MemoryRow | undefined;
  }

  /** Memories with `lo <= path < hi` and path > `after`, in byte order (SQLite's BINARY collation on UTF-8). */
  memoriesBetween(lo: string, hi: string, after: string | null, limit: number): MemoryRow[] {
    return this.stmt(
      `SELECT ${MEMORY_COLS} FROM memories WHERE path >= ? AND path < ? AND path > ? ORDER BY path LIMIT ?`,
    ).all(lo, hi, after ?? "", limit) as MemoryRow[];
  }

  allMemories(): MemoryRow[] {
    return this.stmt(`SELECT ${MEMORY_COLS} FROM memories`).all() as MemoryRow[];
  }

  /** `commit`: the version's commit when it is not the id's own hash (a rewritten history). */
  insertVersion(v: Omit<VersionRow, "redacted_at" | "redactor_type" | "redactor_id">, commit: string | null = null): void {
    this.stmt(
      `INSERT INTO versions(vid, memory_id, op, path, sha256, size, blob_oid, actor_type, actor_id, created_at, commit_oid, tree_oid)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      hexBytes(v.vid.slice(7)),
      v.memory_id,
      v.op,
      v.path,
      hexBytes(v.sha256),
      v.size,
      hexBytes(v.blob_oid),
      v.actor_type,
      v.actor_id,
      v.created_at,
      hexBytes(commit),
      hexBytes(v.tree_oid ?? null),
    );
  }

  setTree(vid: string, tree: string): void {
    this.stmt(`UPDATE versions SET tree_oid = ? WHERE vid = ${VID}`).run(hexBytes(tree), vid);
  }

  /** Redacted versions whose commits were never rewritten (redacted before rewriting existed, or just now). */
  unrewrittenRedactions(): Array<{ vid: string; created_at: number }> {
    return this.stmt("SELECT 'memver_' || lower(hex(vid)) AS vid, created_at FROM versions WHERE redacted_at IS NOT NULL AND commit_oid IS NULL").all() as Array<{
      vid: string;
      created_at: number;
    }>;
  }

  /** The commit that holds a version now. */
  commitOf(vid: string): string | undefined {
    const row = this.stmt(`SELECT lower(hex(coalesce(commit_oid, vid))) AS c FROM versions WHERE vid = ${VID}`).get(vid) as { c: string } | undefined;
    return row?.c;
  }

  /** The version just before `time` (the parent of a rewrite starting at `time`). */
  versionBefore(time: number): VersionRow | undefined {
    return this.stmt(`SELECT ${VERSION_COLS} FROM versions WHERE created_at < ? ORDER BY created_at DESC LIMIT 1`).get(time) as VersionRow | undefined;
  }

  /** Every version from `time` on, oldest first. */
  versionsFrom(time: number): VersionRow[] {
    return this.stmt(`SELECT ${VERSION_COLS} FROM versions WHERE created_at >= ? ORDER BY created_at`).all(time) as VersionRow[];
  }

  /** Each memory's latest version before `time`: the store's snapshot then (deleted ones included). */
  latestBefore(time: number): VersionRow[] {
    // SQLite takes bare columns from the row that holds max().
    const cols = VERSION_COLS.replace("created_at,", "max(created_at) AS created_at,");
    return this.stmt(`SELECT ${cols} FROM versions WHERE created_at < ? GROUP BY memory_id`).all(time) as VersionRow[];
  }

  /** Versions older than `time`, oldest first. */
  versionsBelow(time: number): VersionRow[] {
    return this.stmt(`SELECT ${VERSION_COLS} FROM versions WHERE created_at < ? ORDER BY created_at`).all(time) as VersionRow[];
  }

  firstVersionTime(memoryId: string): number | undefined {
    return (this.stmt("SELECT min(created_at) AS t FROM versions WHERE memory_id = ?").get(memoryId) as { t: number | null }).t ?? undefined;
  }

  /** The version `offset` places after the oldest one at or after `from` (oldest first). */
  versionAt(from: number, offset: number): VersionRow | undefined {
    return this.stmt(`SELECT ${VERSION_COLS} FROM versions WHERE created_at >= ? ORDER BY created_at LIMIT 1 OFFSET ?`).get(from, offset) as VersionRow | undefined;
  }

  /** The `keep` most recent versions of every live memory that are older than `time`. */
  recentOfLiveBelow(time: number, keep: number): string[] {
    const rows = this.stmt(
      `SELECT vid FROM (SELECT 'memver_' || lower(hex(vid)) AS vid, created_at,
         row_number() OVER (PARTITION BY memory_id ORDER BY created_at DESC) AS n
         FROM versions WHERE memory_id IN (SELECT id FROM memories)) WHERE n <= ? AND created_at < ?`,
    ).all(keep, time) as Array<{ vid: string }>;
    return rows.map((r) => r.vid);
  }

  countBelow(time: number): number {
    return (this.stmt("SELECT count(*) AS n FROM versions WHERE created_at < ?").get(time) as { n: number }).n;
  }

  /** Removes the rows of every version older than `time` but those in `keep` (pruning), in one statement. */
  deleteBelowExcept(time: number, keep: ReadonlySet<string>): void {
    this.db.exec("CREATE TEMP TABLE IF NOT EXISTS kept_versions(vid BLOB PRIMARY KEY) WITHOUT ROWID; DELETE FROM kept_versions;");
    const insert = this.stmt("INSERT OR IGNORE INTO kept_versions(vid) VALUES (unhex(substr(?, 8)))");
    for (const vid of keep) insert.run(vid);
    this.stmt("DELETE FROM versions WHERE created_at < ? AND vid NOT IN (SELECT vid FROM kept_versions)").run(time);
    this.db.exec("DELETE FROM kept_versions");
  }

  /** Records where history rewriting put each version (vid → commit and tree). */
  setCommits(commits: ReadonlyMap<string, { commit: string; tree: string }>): void {
    const st = this.stmt(`UPDATE versions SET commit_oid = ?, tree_oid = ? WHERE vid = ${VID}`);
    for (const [vid, c] of commits) st.run(hexBytes(c.commit), hexBytes(c.tree), vid);
  }

  /**
   * Rewrites the database file so that no free page, WAL frame or journal keeps deleted or
   * overwritten bytes (a redacted path). secure_delete zeroes what the VACUUM leaves behind.
   */
  scrub(): void {
    this.commit();
    this.db.pragma("secure_delete = ON");
    this.db.exec("VACUUM");
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  version(vid: string): VersionRow | undefined {
    if (!/^memver_[0-9a-f]{40}$/.test(vid)) return undefined;
    return this.stmt(`SELECT ${VERSION_COLS} FROM versions WHERE vid = ${VID}`).get(vid) as VersionRow | undefined;
  }

  versionCount(): number {
    return (this.stmt("SELECT count(*) AS n FROM versions").get() as { n: number }).n;
  }

  /** Newest first; `before` is the created_at of the previous page's last row. */
  versions(f: VersionFilter, before: number | null, limit: number): VersionRow[] {
    const where = new SqlFilter();
    const add = where.add.bind(where);
    if (f.memoryId !== undefined) add("memory_id = ?", f.memoryId);
    if (f.operation !== undefined) add("op = ?", f.operation);
    if (f.actorId !== undefined) add("actor_id = ? AND actor_type = ?", f.actorId, f.actorType);
    if (f.createdAtGte !== undefined) add("created_at >= ?", f.createdAtGte);
    if (f.createdAtLte !== undefined) add("created_at <= ?", f.createdAtLte);
    if (before !== null) add("created_at < ?", before);
    const sql = `SELECT ${VERSION_COLS} FROM versions ${where} ORDER BY created_at DESC LIMIT ?`;
    return this.stmt(sql).all(...where.args, limit) as VersionRow[];
  }

  redact(vid: string, at: number, actorType: string | null, actorId: string | null): void {
    // The path and content hash go with the redaction: the index keeps only the audit trail.
    this.stmt(
      `UPDATE versions SET redacted_at = ?, redactor_type = ?, redactor_id = ?, path = '', sha256 = NULL, size = NULL, blob_oid = NULL
       WHERE vid = ${VID} AND redacted_at IS NULL`,
    ).run(
      at,
      actorType,
      actorId,
      vid,
    );
  }

  close(): void {
    this.commit();
    // Fold the WAL back so a closed store is one file on disk.
    this.db.pragma("wal_checkpoint(TRUNCATE)");
    this.db.close();
  }

  // ---- history: as-of reads, diffs, restores, checkpoints (docs/decisions/0040-0042)

  /** Every memory's newest version at or before `atMs` (deleted ones too), with its creation time then. */
  versionsAt(atMs: number): VersionAtRow[] {
    return this.stmt(
      `SELECT ${VERSION_COLS}, (SELECT max(c.created_at) FROM versions c WHERE c.memory_id = v.memory_id AND c.op = 'created' AND c.created_at <= @at) AS born
       FROM versions v WHERE created_at IN (SELECT max(created_at) FROM versions WHERE created_at <= @at GROUP BY memory_id)`,
    ).all({ at: atMs }) as VersionAtRow[];
  }

  /** One memory's newest version at or before `atMs`, if it had any. */
  memoryVersionAt(memoryId: string, atMs: number): VersionAtRow | undefined {
    return this.stmt(
      `SELECT ${VERSION_COLS}, (SELECT max(c.created_at) FROM versions c WHERE c.memory_id = v.memory_id AND c.op = 'created' AND c.created_at <= @at) AS born
       FROM versions v WHERE memory_id = @id AND created_at <= @at ORDER BY created_at DESC LIMIT 1`,
    ).get({ id: memoryId, at: atMs }) as VersionAtRow | undefined;
  }

  /** The version of the same memory just before `row`. */
  previousVersion(row: VersionRow): VersionRow | undefined {
    return this.stmt(`SELECT ${VERSION_COLS} FROM versions WHERE memory_id = ? AND created_at < ? ORDER BY created_at DESC LIMIT 1`).get(
      row.memory_id,
      row.created_at,
    ) as VersionRow | undefined;
  }

  /** Counts and ends of the store's retained history, in one pass over each table (storeStats). */
  summary(): { memories: number; bytes: number; versions: number; oldest: VersionRow | undefined; newest: VersionRow | undefined } {
    const live = this.stmt("SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM memories").get() as { n: number; bytes: number };
    const end = (order: "ASC" | "DESC") =>
      this.stmt(`SELECT ${VERSION_COLS} FROM versions ORDER BY created_at ${order} LIMIT 1`).get() as VersionRow | undefined;
    return { memories: live.n, bytes: live.bytes, versions: this.versionCount(), oldest: end("ASC"), newest: end("DESC") };
  }

  /** Time of the newest version (0 without any). */
  latestVersionTime(): number {
    return (this.stmt("SELECT coalesce(max(created_at), 0) AS t FROM versions").get() as { t: number }).t;
  }

  checkpoints(): CheckpointRow[] {
    return this.stmt("SELECT * FROM checkpoints ORDER BY name").all() as CheckpointRow[];
  }

  checkpoint(name: string): CheckpointRow | undefined {
    return this.stmt("SELECT * FROM checkpoints WHERE name = ?").get(name) as CheckpointRow | undefined;
  }

  /** A checkpoint whose name equals `name` but for letter case (they would collide on macOS and Windows). */
  checkpointFolded(name: string): CheckpointRow | undefined {
    return this.stmt("SELECT * FROM checkpoints WHERE lower(name) = lower(?)").get(name) as CheckpointRow | undefined;
  }

  upsertCheckpoint(c: CheckpointRow): void {
    this.stmt(
      `INSERT OR REPLACE INTO checkpoints(name, tag_oid, version_id, at, created_at, actor_type, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.name, c.tag_oid, c.version_id, c.at, c.created_at, c.actor_type, c.actor_id);
  }

  deleteCheckpoint(name: string): void {
    this.stmt("DELETE FROM checkpoints WHERE name = ?").run(name);
  }
}
