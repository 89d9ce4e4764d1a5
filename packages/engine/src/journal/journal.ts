// The write-ahead log of one store (docs/decisions/0001-write-path.md): every acknowledged
// change is a framed record appended to `memgit/journal.wal` and made durable with one
// fdatasync, shared by every record of a batch (group commit). A checkpoint moves the records
// into a packfile and the refs, then empties the file.
import type { Backend } from "../storage/backend.ts";
import { checkFrame, decodePayload, encodeRecord, FRAME_HEADER_BYTES, type JournalRecord } from "./record.ts";

export interface Replay {
  records: JournalRecord[];
  /** Bytes of a torn final write that were cut off (a crash during an unacknowledged append). */
  truncatedBytes: number;
}

export class JournalCorruptError extends Error {}

export class Journal {
  private bytes: number;

  private constructor(
    private readonly backend: Backend,
    private readonly path: string,
    private fd: number,
    bytes: number,
  ) {
    this.bytes = bytes;
  }

  /** Opens (creating if needed) and replays the journal, cutting off a torn tail. */
  static open(backend: Backend, path: string): { journal: Journal; replay: Replay } {
    const { fs } = backend;
    const buf = fs.existsSync(path) ? (fs.readFileSync(path) as Buffer) : Buffer.alloc(0);
    const records: JournalRecord[] = [];
    let at = 0;
    while (at < buf.length) {
      const frame = checkFrame(buf, at);
      if (!frame.ok) break;
      records.push(decodePayload(buf.subarray(at + FRAME_HEADER_BYTES, at + frame.length)));
      at += frame.length;
    }
    if (at < buf.length && hasFrameAfter(buf, at + 1))
      throw new JournalCorruptError(`journal damaged at byte ${at} with intact records after it`);
    const fd = fs.openSync(path, "a");
    if (at < buf.length) {
      fs.ftruncateSync(fd, at);
      if (backend.flags.fsync) fs.fsyncSync(fd);
    }
    return { journal: new Journal(backend, path, fd, at), replay: { records, truncatedBytes: buf.length - at } };
  }

  get size(): number {
    return this.bytes;
  }

  /** Appends the records with one write and one fdatasync; resolves once they are durable. */
  async append(records: JournalRecord[]): Promise<void> {
    const buf = Buffer.concat(records.map(encodeRecord));
    this.backend.fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
    if (!this.backend.flags.fsync) return;
    await new Promise<void>((resolve, reject) =>
      this.backend.fs.fdatasync(this.fd, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** Empties the journal once a checkpoint made its records redundant. */
  reset(): void {
    this.backend.fs.ftruncateSync(this.fd, 0);
    if (this.backend.flags.fsync) this.backend.fs.fsyncSync(this.fd);
    this.bytes = 0;
  }

  close(): void {
    this.backend.fs.closeSync(this.fd);
  }
}

// A torn write only ever damages the end of the file. Any intact frame after the damage
// means the middle was corrupted, and cutting there would drop acknowledged writes.
function hasFrameAfter(buf: Buffer, from: number): boolean {
  for (let i = from; i + FRAME_HEADER_BYTES < buf.length; i++) if (checkFrame(buf, i).ok) return true;
  return false;
}
