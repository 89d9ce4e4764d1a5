// Reading a journal file back (docs/format.md §Journal): the records of its whole batches, and
// how far a torn last batch reaches. A batch is one write and one fdatasync, and the next batch
// is written only after it, so only the last batch can be torn, and a power cut may keep any
// subset of its sectors: damage followed by intact frames of that same batch is such a tear.
// An intact frame of a later batch means the damage hit a batch that was acknowledged.
import { JournalCorruptError } from "./JournalCorruptError.ts";
import {
  checkFrame,
  decodePayload,
  FRAME_HEADER_BYTES,
  JOURNAL_HEADER_BYTES,
  JOURNAL_MAGIC,
  type FrameCheck,
  type JournalFormat,
  type JournalRecord,
} from "./record.ts";

export interface ScannedLog {
  format: JournalFormat;
  epoch: number;
  /** The records of every whole batch, in order. */
  records: JournalRecord[];
  /** Offset just past the last whole batch: appends continue here. */
  end: number;
  /** Number of the last whole batch (0: none). */
  batch: number;
  /** Offset just past what a torn batch left behind; `end` if nothing. */
  tornEnd: number;
}

export function scanLog(buf: Buffer): ScannedLog {
  const magic = buf.toString("latin1", 0, 4);
  const format = ([1, 2] as const).find((f) => JOURNAL_MAGIC[f] === magic);
  if (buf.length < JOURNAL_HEADER_BYTES || !format) throw new JournalCorruptError(`journal header is missing or not ${Object.values(JOURNAL_MAGIC).join("/")}`);
  const epoch = buf.readUInt32LE(4);
  const records: JournalRecord[] = [];
  const pending: JournalRecord[] = [];
  let at = JOURNAL_HEADER_BYTES;
  let end = at;
  let batch = 0;
  /** The frame read last, while its batch has more frames to come. */
  let open: { batch: number | null; after: number } | null = null;
  for (let f = checkFrame(buf, at, epoch, format); f.ok; f = checkFrame(buf, at, epoch, format)) {
    // Intact frames follow each other: the next frame of the open batch, or the next batch's first.
    if (format === 2 && !(open ? f.batch === open.batch && f.after === open.after - 1 : f.batch === batch + 1))
      throw new JournalCorruptError(`journal frame at byte ${at} is out of batch order`);
    pending.push(decodePayload(buf.subarray(at + FRAME_HEADER_BYTES[format], at + f.length)));
    at += f.length;
    open = f.after > 0 ? f : null;
    if (!open) {
      records.push(...pending.splice(0));
      end = at;
      batch = f.batch ?? batch + 1;
    }
  }
  // `at` is the end mark, or damage. Anything intact beyond it must belong to the batch that
  // was being written there; format 1 frames carry no batch, so none is ever tolerated.
  const torn = open ? open.batch : batch + 1;
  const declared = at + 4 <= buf.length ? buf.readUInt32LE(at) : 0;
  let tornEnd = declared === 0 ? at : Math.min(buf.length, at + FRAME_HEADER_BYTES[format] + declared);
  for (const [offset, f] of framesAfter(buf, at + 1, epoch, format)) {
    if (f.batch === null || f.batch !== torn) throw new JournalCorruptError(`journal damaged at byte ${at} with intact records of a later write after it`);
    tornEnd = Math.max(tornEnd, offset + f.length);
  }
  return { format, epoch, records, end, batch, tornEnd };
}

function* framesAfter(buf: Buffer, from: number, epoch: number, format: JournalFormat): Generator<[number, FrameCheck & { ok: true }]> {
  for (let i = from; i + FRAME_HEADER_BYTES[format] < buf.length; i++) {
    // Fast skip of the zeroed, preallocated region.
    if (buf[i] === 0 && buf[i + 1] === 0 && buf[i + 2] === 0 && buf[i + 3] === 0) continue;
    const f = checkFrame(buf, i, epoch, format);
    if (!f.ok) continue;
    yield [i, f];
    i += f.length - 1;
  }
}
