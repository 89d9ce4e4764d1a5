// One process per data directory: two writers on one repository would interleave refs and
// journals (docs/decisions/0006-data-dir-lock.md). The lock is a POSIX record lock on
// `memgit.lock`, which the kernel drops when the process dies, however it dies; a pid in a file
// cannot tell a dead holder from a live one (in a container every server is PID 1, and a killed
// one may linger as a zombie). SQLite takes the lock for us: a connection in exclusive locking
// mode that has written keeps its exclusive lock until it closes, and every other connection,
// in this process or another, gets SQLITE_BUSY.
import Database from "better-sqlite3";
import * as fs from "node:fs";
import { StoreLockedError } from "../errors/index.ts";

/**
 * How long SQLite retries a lock another connection holds. Two processes starting at the same
 * moment briefly hold shared locks at once; the wait lets one of them win instead of both
 * giving up. A refused process waits this long before it hears no.
 */
const BUSY_RETRY_MS = 200;

const SQLITE_MAGIC = "SQLite format 3\0";
/** Where SQLite keeps `PRAGMA user_version` in the database header (big-endian u32). */
const USER_VERSION_OFFSET = 60;

/**
 * Lock files this process holds, by device and inode, with their connections. POSIX record
 * locks belong to the process, and closing *any* descriptor of the file drops them all: this
 * process must never open a lock file it holds, not even to read the holder's pid for an error
 * message. Keeping the connection here also keeps it from the garbage collector, whose
 * finalizer would close it (and drop the lock) if a caller let go of the unlock function.
 */
const held = new Map<string, Database.Database>();

export function acquireLock(path: string): () => void {
  if (held.has(fileKey(path) ?? "")) throw new StoreLockedError(path, process.pid);
  for (let attempt = 0; ; attempt++) {
    const db = new Database(path, { timeout: BUSY_RETRY_MS });
    try {
      // Nothing here is worth a journal file or an fsync: the content is the holder's pid, for
      // error messages only, and the lock itself never touches the disk.
      db.pragma("journal_mode = MEMORY");
      db.pragma("synchronous = OFF");
      db.exec("BEGIN EXCLUSIVE");
      db.pragma("locking_mode = EXCLUSIVE");
      db.pragma(`user_version = ${process.pid}`);
      db.exec("COMMIT");
    } catch (err) {
      db.close();
      const code = String((err as { code?: unknown }).code);
      if (code.startsWith("SQLITE_BUSY")) throw new StoreLockedError(path, holderPid(path));
      // Not a database: the pid file of memgit before 0006, or a torn header. Nobody held it a
      // moment ago (reading the header took a shared lock): empty it and take it. Should another
      // process take it in between, emptying costs it only its pid; the lock stays with it.
      if ((code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") && attempt === 0) {
        fs.truncateSync(path, 0);
        continue;
      }
      throw err;
    }
    const key = fileKey(path)!;
    held.set(key, db);
    return () => {
      if (held.get(key) !== db) return;
      held.delete(key);
      db.close();
    };
  }
}

function fileKey(path: string): string | null {
  try {
    const st = fs.statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/** The pid the current holder wrote (as its own PID namespace numbers it), or 0 if unknown. */
function holderPid(path: string): number {
  try {
    const head = Buffer.alloc(USER_VERSION_OFFSET + 4);
    const fd = fs.openSync(path, "r");
    try {
      fs.readSync(fd, head, 0, head.length, 0);
    } finally {
      fs.closeSync(fd);
    }
    return head.toString("latin1", 0, SQLITE_MAGIC.length) === SQLITE_MAGIC ? head.readUInt32BE(USER_VERSION_OFFSET) : 0;
  } catch {
    return 0;
  }
}
