// One journal record = one acknowledged change: the exact git objects it adds and the refs it
// moves. Framing (docs/format.md §Journal): u32le payload length, u32le CRC-32 of the payload
// seeded with the journal's epoch, then the payload: a JSON header line, then the raw object
// bodies back to back. The seed makes records of an earlier epoch (left in the reused file)
// fail their check, so they read as the end of the log.
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

export const FRAME_HEADER_BYTES = 8;

export function encodeRecord(r: JournalRecord, epoch: number): Buffer {
  const header: Header = {
    refs: r.refs.map((u) => [u.ref, u.old, u.new]),
    objects: r.objects.map((o) => [o.type, o.content.length]),
    ...(r.tree ? { tree: r.tree } : {}),
  };
  const json = JSON.stringify(header) + "\n";
  let length = Buffer.byteLength(json);
  for (const o of r.objects) length += o.content.length;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  let at = FRAME_HEADER_BYTES + frame.write(json, FRAME_HEADER_BYTES);
  for (const o of r.objects) at += o.content.copy(frame, at);
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES), epoch), 4);
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

type FrameCheck = { ok: true; length: number } | { ok: false };

/** Whether a well-formed frame of `epoch` starts at `at` (length in bounds, CRC matches). */
export function checkFrame(buf: Buffer, at: number, epoch: number): FrameCheck {
  if (at + FRAME_HEADER_BYTES > buf.length) return { ok: false };
  const len = buf.readUInt32LE(at);
  const end = at + FRAME_HEADER_BYTES + len;
  if (len === 0 || end > buf.length) return { ok: false };
  if (crc32(buf.subarray(at + FRAME_HEADER_BYTES, end), epoch) !== buf.readUInt32LE(at + 4)) return { ok: false };
  return { ok: true, length: FRAME_HEADER_BYTES + len };
}
