// One journal file (docs/format.md §Journal): framed records made durable with one fdatasync
// per batch. The file is preallocated and reused, as SQLite reuses its WAL: an fdatasync that
// does not grow the file has no block allocation or size change to commit, which roughly
// halves its cost. Layout: a 16-byte header (magic "MGJ2", u32 epoch, 8 reserved bytes),
// then frames; starting a new epoch empties the file logically (old frames fail their CRC).
import type { Backend } from "../storage/backend.ts";
import { encodeRecord, JOURNAL_FORMAT, JOURNAL_HEADER_BYTES, JOURNAL_MAGIC, type JournalFormat, type JournalRecord } from "./record.ts";
import { scanLog } from "./scanLog.ts";

const GROW_BYTES = 2 << 20;
const END_MARK = Buffer.alloc(4);

export interface Replay {
  records: JournalRecord[];
  /** Bytes of a torn final write that were discarded (a crash during an unacknowledged append). */
  truncatedBytes: number;
}

/**
 * The records were written but could not be made durable (fdatasync failed), or a failed
 * write could not be cleaned up: what is on disk is unknown, so the store must reopen from
 * disk to find out. Any other error from `append` means nothing was added to the log.
 */
export class JournalSyncError extends Error {
  constructor(override readonly cause: Error) {
    super(`journal state unknown after a failed write or fdatasync: ${cause.message}`);
  }
}

export class JournalFile {
  /** Bytes of records in the current epoch. */
  private used = 0;
  /** Number of the last batch appended in the current epoch. */
  private batch = 0;
  private closed = false;

  private constructor(
    private readonly backend: Backend,
    private readonly fd: number,
    private epoch: number,
    private allocated: number,
    /** Of the file on disk; appends need the current one (startEpoch writes it). */
    private format: JournalFormat,
  ) {}

  /** Opens (creating if needed) and replays the journal, discarding a torn final batch. */
  static open(backend: Backend, path: string): { file: JournalFile; replay: Replay } {
    const { fs } = backend;
    if (!fs.existsSync(path)) fs.writeFileSync(path, header(0));
    const buf = fs.readFileSync(path) as Buffer;
    const log = scanLog(buf);
    const fd = fs.openSync(path, "r+");
    const file = new JournalFile(backend, fd, log.epoch, buf.length, log.format);
    file.used = log.end - JOURNAL_HEADER_BYTES;
    file.batch = log.batch;
    // Zero all the torn batch left, intact frames included: a shorter batch written here next
    // must not be followed by frames that read as its own continuation or as damage.
    const torn = log.tornEnd - log.end;
    if (torn > 0) {
      fs.writeSync(fd, Buffer.alloc(torn), 0, torn, log.end);
      if (backend.flags.fsync) fs.fdatasyncSync(fd);
    }
    // An older format with nothing to replay is rewritten at once; one with records stays
    // readable until the store has checkpointed them and starts a new epoch.
    if (log.format !== JOURNAL_FORMAT && log.records.length === 0) file.startEpoch(log.epoch, false);
    return { file, replay: { records: log.records, truncatedBytes: torn } };
  }

  get size(): number {
    return this.used;
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  /** Writes the records as one batch, with one write and one fdatasync; returns once they are durable. */
  append(records: JournalRecord[]): void {
    if (this.format !== JOURNAL_FORMAT) throw new Error("journal file in an older format: replay it and start a new epoch first");
    // Advances with `used`: numbers follow the batches in the log, without gaps.
    const batch = this.batch + 1;
    const frames = records.map((r, i) => encodeRecord(r, this.epoch, batch, records.length - 1 - i));
    const at = JOURNAL_HEADER_BYTES + this.used;
    // Nothing outlives a memory backend, so there is nothing to log: checkpoints still run.
    // A zero length field after the last record marks the end of the log, so that on replay
    // anything else there (a non-zero length) can only be a torn write.
    const buf = Buffer.concat([...frames, END_MARK]);
    // A closed file's descriptor number may already belong to another file (a socket, another
    // tenant's store): writing through it would put this content there.
    if (this.closed) throw new Error("journal is closed");
    if (this.backend.flags.persistent) {
      const { fs } = this.backend;
      if (at + buf.length > this.allocated) this.grow(at + buf.length);
      try {
        writeFully(this.backend, this.fd, buf, at);
      } catch (err) {
        this.unwrite(at, buf.length);
        throw err;
      }
      // Synchronous on purpose: requests that arrive meanwhile queue up in the socket buffers and
      // form the next batch (group commit) without a thread-pool round trip per batch.
      try {
        if (this.backend.flags.fsync) fs.fdatasyncSync(this.fd);
      } catch (err) {
        throw new JournalSyncError(err as Error);
      }
    }
    this.used += buf.length - END_MARK.length;
    this.batch = batch;
  }

  /**
   * Zeroes what a failed write may have left at the end of the log (within the file's size):
   * the next, possibly shorter batch goes there, and frames after its end would read as damage.
   * If even that fails, the state on disk is unknown: the store must reopen (replay drops a torn batch).
   */
  private unwrite(at: number, length: number): void {
    const end = Math.min(at + length, this.allocated);
    if (end <= at) return;
    try {
      writeFully(this.backend, this.fd, Buffer.alloc(end - at), at);
    } catch (err) {
      throw new JournalSyncError(err as Error);
    }
  }

  /**
   * Starts epoch `epoch` with no records (a checkpoint made them redundant, or the file becomes
   * the active one). The file is kept for reuse during a burst; `shrink` gives the space back
   * when the store goes quiet.
   */
  startEpoch(epoch: number, shrink: boolean): void {
    // The file changes state only once its new header is written: a failure leaves it as it was.
    if (this.backend.flags.persistent) this.writeHeader(epoch, shrink);
    this.used = 0;
    this.batch = 0;
    this.epoch = epoch;
    this.format = JOURNAL_FORMAT;
  }

  private writeHeader(epoch: number, shrink: boolean): void {
    const { fs } = this.backend;
    const h = Buffer.concat([header(epoch), END_MARK]);
    writeFully(this.backend, this.fd, h, 0);
    if (shrink && this.allocated > h.length) {
      fs.ftruncateSync(this.fd, h.length);
      this.allocated = h.length;
    }
    if (this.backend.flags.fsync) (shrink ? fs.fsyncSync : fs.fdatasyncSync)(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.backend.fs.closeSync(this.fd);
  }

  private grow(atLeast: number): void {
    const target = Math.max(atLeast, this.allocated + GROW_BYTES);
    writeFully(this.backend, this.fd, Buffer.alloc(target - this.allocated), this.allocated);
    // Make the new size durable now, so later fdatasyncs have no metadata to commit.
    if (this.backend.flags.fsync) this.backend.fs.fsyncSync(this.fd);
    this.allocated = target;
  }
}

/**
 * A write to a nearly full disk can be short without an error; the rest then fails with
 * ENOSPC. Acknowledging after a short write would acknowledge a torn record.
 */
function writeFully(backend: Backend, fd: number, buf: Buffer, at: number): void {
  for (let done = 0; done < buf.length; ) {
    const n = backend.fs.writeSync(fd, buf, done, buf.length - done, at + done);
    if (n <= 0) throw Object.assign(new Error("journal write made no progress"), { code: "EIO" });
    done += n;
  }
}

function header(epoch: number): Buffer {
  const h = Buffer.alloc(JOURNAL_HEADER_BYTES);
  h.write(JOURNAL_MAGIC[JOURNAL_FORMAT], 0, "latin1");
  h.writeUInt32LE(epoch, 4);
  return h;
}
