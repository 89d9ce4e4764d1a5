// One journal file (docs/format.md §Journal): framed records made durable with one fdatasync
// per batch. The file is preallocated and reused, as SQLite reuses its WAL: an fdatasync that
// does not grow the file has no block allocation or size change to commit, which roughly
// halves its cost. Layout: a 16-byte header (magic "MGJ1", u32le epoch, 8 reserved bytes),
// then frames; starting a new epoch empties the file logically (old frames fail their CRC).
import type { Backend } from "../storage/backend.ts";
import { checkFrame, decodePayload, encodeRecord, FRAME_HEADER_BYTES, type JournalRecord } from "./record.ts";

const MAGIC = "MGJ1";
export const JOURNAL_HEADER_BYTES = 16;
const GROW_BYTES = 2 << 20;
const END_MARK = Buffer.alloc(4);

export interface Replay {
  records: JournalRecord[];
  /** Bytes of a torn final write that were discarded (a crash during an unacknowledged append). */
  truncatedBytes: number;
}

export class JournalCorruptError extends Error {}

/**
 * The records were written but could not be made durable (fdatasync failed): whether they are
 * on disk is unknown, so the store must reopen from disk to find out. Any other error from
 * `append` means nothing was added to the log.
 */
export class JournalSyncError extends Error {
  constructor(override readonly cause: Error) {
    super(`journal fdatasync failed: ${cause.message}`);
  }
}

export class JournalFile {
  /** Bytes of records in the current epoch. */
  private used = 0;
  private closed = false;

  private constructor(
    private readonly backend: Backend,
    private readonly fd: number,
    private epoch: number,
    private allocated: number,
  ) {}

  /** Opens (creating if needed) and replays the journal, discarding a torn tail. */
  static open(backend: Backend, path: string): { file: JournalFile; replay: Replay } {
    const { fs } = backend;
    if (!fs.existsSync(path)) fs.writeFileSync(path, header(0));
    const buf = fs.readFileSync(path) as Buffer;
    if (buf.length < JOURNAL_HEADER_BYTES || buf.toString("latin1", 0, 4) !== MAGIC)
      throw new JournalCorruptError("journal header is missing or not MGJ1");
    const epoch = buf.readUInt32LE(4);
    const records: JournalRecord[] = [];
    let at = JOURNAL_HEADER_BYTES;
    for (;;) {
      const frame = checkFrame(buf, at, epoch);
      if (!frame.ok) break;
      records.push(decodePayload(buf.subarray(at + FRAME_HEADER_BYTES, at + frame.length)));
      at += frame.length;
    }
    // A torn write only damages the end of the log. An intact frame of this epoch after the
    // damage means the middle was corrupted, and stopping there would drop acknowledged writes.
    if (hasFrameAfter(buf, at + 1, epoch)) throw new JournalCorruptError(`journal damaged at byte ${at} with intact records after it`);
    const declared = at + 4 <= buf.length ? buf.readUInt32LE(at) : 0;
    const torn = declared === 0 ? 0 : Math.min(buf.length, at + FRAME_HEADER_BYTES + declared) - at;
    const fd = fs.openSync(path, "r+");
    const file = new JournalFile(backend, fd, epoch, buf.length);
    file.used = at - JOURNAL_HEADER_BYTES;
    if (torn > 0) {
      fs.writeSync(fd, Buffer.alloc(torn), 0, torn, at);
      if (backend.flags.fsync) fs.fdatasyncSync(fd);
    }
    return { file, replay: { records, truncatedBytes: torn } };
  }

  get size(): number {
    return this.used;
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  /** Writes the records with one write and one fdatasync; returns once they are durable. */
  append(records: JournalRecord[]): void {
    const frames = records.map((r) => encodeRecord(r, this.epoch));
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
      // A failed write leaves `used` where it was: the next append overwrites the fragment.
      writeFully(this.backend, this.fd, buf, at);
      // Synchronous on purpose: requests that arrive meanwhile queue up in the socket buffers and
      // form the next batch (group commit) without a thread-pool round trip per batch.
      try {
        if (this.backend.flags.fsync) fs.fdatasyncSync(this.fd);
      } catch (err) {
        throw new JournalSyncError(err as Error);
      }
    }
    this.used += buf.length - END_MARK.length;
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
    this.epoch = epoch;
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
  h.write(MAGIC, 0, "latin1");
  h.writeUInt32LE(epoch, 4);
  return h;
}

function hasFrameAfter(buf: Buffer, from: number, epoch: number): boolean {
  for (let i = from; i + FRAME_HEADER_BYTES < buf.length; i++) {
    // Fast skip of the zeroed, preallocated region.
    if (buf[i] === 0 && buf[i + 1] === 0 && buf[i + 2] === 0 && buf[i + 3] === 0) continue;
    if (checkFrame(buf, i, epoch).ok) return true;
  }
  return false;
}
