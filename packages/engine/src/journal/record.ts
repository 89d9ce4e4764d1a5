// One journal record = one acknowledged change: the exact git objects it adds and the refs it
// moves. Framing (docs/format.md §Journal): u32le payload length, u32le CRC-32 of the rest of
// the frame seeded with the journal's epoch, u32le batch number, u32le count of the batch's
// frames after this one, then the payload: a JSON header line, then the raw object bodies back
// to back. The seed makes records of an earlier epoch (left in the reused file) fail their
// check, so they read as the end of the log; the batch fields tell a torn last batch from
// damage to acknowledged ones (scanLog.ts).
import { crc32 } from "node:zlib";
import { hashObject, type GitObjectType, type HashedObject } from "../model/gitObject.ts";
import type { TreeChange } from "../model/workingTree.ts";

export interface RefUpdate {
  ref: string;
  /** null when the ref is created. */
  old: string | null;
  new: string;
}

/**
 * `objects` are written out in full, except the trees of a memory commit: those are `tree`,
 * the path changes against the parent commit's tree, and replay recomputes them (a commit's
 * tree id then proves the recomputation right). That keeps a record near the size of the
 * content it carries instead of ~3 KB of directory listings per write.
 */
export interface JournalRecord {
  objects: HashedObject[];
  refs: RefUpdate[];
  tree?: TreeChange[];
}

interface Header {
  refs: Array<[string, string | null, string]>;
  objects: Array<[GitObjectType, number]>;
  tree?: TreeChange[];
}

/** 1: frames without batch fields (replayed, never written); 2: the current frames. */
export type JournalFormat = 1 | 2;
export const JOURNAL_FORMAT: JournalFormat = 2;
/** The first bytes of a journal file, by format. */
export const JOURNAL_MAGIC: Record<JournalFormat, string> = { 1: "MGJ1", 2: "MGJ2" };
/** Magic, u32le epoch, 8 reserved bytes. */
export const JOURNAL_HEADER_BYTES = 16;
/** Bytes of a frame before its payload, by format. */
export const FRAME_HEADER_BYTES: Record<JournalFormat, number> = { 1: 8, 2: 16 };
/** The CRC covers the frame from here on: the batch fields (format 2) and the payload. */
const CRC_FROM = 8;

/** Frame `after` frames from the end of batch `batch`. */
export function encodeRecord(r: JournalRecord, epoch: number, batch: number, after: number): Buffer {
  const header: Header = {
    refs: r.refs.map((u) => [u.ref, u.old, u.new]),
    objects: r.objects.map((o) => [o.type, o.content.length]),
    ...(r.tree ? { tree: r.tree } : {}),
  };
  const json = JSON.stringify(header) + "\n";
  let length = Buffer.byteLength(json);
  for (const o of r.objects) length += o.content.length;
  const head = FRAME_HEADER_BYTES[JOURNAL_FORMAT];
  const frame = Buffer.allocUnsafe(head + length);
  let at = head + frame.write(json, head);
  for (const o of r.objects) at += o.content.copy(frame, at);
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(batch, 8);
  frame.writeUInt32LE(after, 12);
  frame.writeUInt32LE(crc32(frame.subarray(CRC_FROM), epoch), 4);
  return frame;
}

/** Parses a payload whose CRC already matched; object ids are recomputed, never trusted. */
export function decodePayload(payload: Buffer): JournalRecord {
  const nl = payload.indexOf(0x0a);
  const header = JSON.parse(payload.toString("utf8", 0, nl)) as Header;
  let at = nl + 1;
  const objects = header.objects.map(([type, len]) => {
    const content = payload.subarray(at, at + len);
    at += len;
    return { type, content, oid: hashObject(type, content) };
  });
  return { objects, refs: header.refs.map(([ref, old, n]) => ({ ref, old, new: n })), ...(header.tree ? { tree: header.tree } : {}) };
}

/**
 * A well-formed frame: its whole length, payload included; its batch number and how many frames
 * of the batch follow it. Format 1 frames have no batch: each counts as a batch of its own.
 */
export type FrameCheck = { ok: true; length: number; batch: number | null; after: number } | { ok: false };

/** Whether a well-formed frame of `epoch` starts at `at` (length in bounds, CRC matches). */
export function checkFrame(buf: Buffer, at: number, epoch: number, format: JournalFormat = JOURNAL_FORMAT): FrameCheck {
  const head = FRAME_HEADER_BYTES[format];
  if (at + head > buf.length) return { ok: false };
  const len = buf.readUInt32LE(at);
  const end = at + head + len;
  if (len === 0 || end > buf.length) return { ok: false };
  if (crc32(buf.subarray(at + CRC_FROM, end), epoch) !== buf.readUInt32LE(at + 4)) return { ok: false };
  if (format === 1) return { ok: true, length: end - at, batch: null, after: 0 };
  return { ok: true, length: end - at, batch: buf.readUInt32LE(at + 8), after: buf.readUInt32LE(at + 12) };
}
