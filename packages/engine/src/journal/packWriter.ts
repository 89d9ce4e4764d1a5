// Writes git packfiles (version 2) and their .idx (version 2) from whole objects, without
// deltas: checkpoints favour speed; compaction (native `git repack`) finds the deltas later.
// Formats: git Documentation/gitformat-pack.txt.
import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import type { GitObjectType, HashedObject } from "../model/gitObject.ts";

const TYPE_CODE: Record<GitObjectType, number> = { commit: 1, tree: 2, blob: 3, tag: 4 };

export interface BuiltPack {
  /** Hex SHA-1 trailer of the pack; the files are named pack-<name>.{pack,idx}. */
  name: string;
  pack: Buffer;
  idx: Buffer;
}

function objectHeader(type: GitObjectType, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (TYPE_CODE[type] << 4) | (size & 0x0f);
  size = Math.floor(size / 16);
  while (size > 0) {
    bytes.push(byte | 0x80);
    byte = size & 0x7f;
    size = Math.floor(size / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

export interface PackResult {
  /** Hex SHA-1 trailer of the pack; the files are named pack-<name>.{pack,idx}. */
  name: string;
  idx: Buffer;
}

/**
 * The pack as a sequence of chunks of about `chunkBytes` (header, entries, trailer), so a
 * large pack can be written a slice at a time between other work; the generator's return
 * value is the name and the .idx. Objects are deduplicated by id. `level` is the zlib level:
 * checkpoints store (0) and leave compression to compaction, which runs in another process
 * (docs/decisions/0003).
 */
export function* packChunks(objects: HashedObject[], level: number, chunkBytes = 256 << 10): Generator<Buffer, PackResult> {
  const seen = new Set<string>();
  const unique = objects.filter((o) => !seen.has(o.oid) && seen.add(o.oid));
  const hash = createHash("sha1");
  const head = Buffer.alloc(12);
  head.write("PACK", 0, "latin1");
  head.writeUInt32BE(2, 4);
  head.writeUInt32BE(unique.length, 8);
  hash.update(head);
  yield head;
  const entries: Array<{ oid: string; offset: number; crc: number }> = [];
  let offset = head.length;
  let parts: Buffer[] = [];
  let partBytes = 0;
  for (const o of unique) {
    const header = objectHeader(o.type, o.content.length);
    const raw = level === 0 ? storedZlib(o.content, header) : Buffer.concat([header, deflateSync(o.content, { level })]);
    entries.push({ oid: o.oid, offset, crc: crc32(raw) });
    hash.update(raw);
    parts.push(raw);
    offset += raw.length;
    partBytes += raw.length;
    if (partBytes >= chunkBytes) {
      yield Buffer.concat(parts);
      parts = [];
      partBytes = 0;
    }
  }
  if (parts.length > 0) yield Buffer.concat(parts);
  const trailer = hash.digest();
  yield trailer;
  return { name: trailer.toString("hex"), idx: buildIndex(entries, trailer) };
}

/** A whole pack in memory (small packs, tests, the JS merge). */
export function buildPack(objects: HashedObject[], level: number): BuiltPack {
  const chunks: Buffer[] = [];
  const it = packChunks(objects, level);
  let step = it.next();
  for (; !step.done; step = it.next()) chunks.push(step.value);
  return { ...step.value, pack: Buffer.concat(chunks) };
}

function buildIndex(entries: Array<{ oid: string; offset: number; crc: number }>, packChecksum: Buffer): Buffer {
  const sorted = [...entries].sort((a, b) => (a.oid < b.oid ? -1 : 1));
  const n = sorted.length;
  const large = sorted.filter((e) => e.offset >= 0x80000000);
  const buf = Buffer.alloc(8 + 256 * 4 + n * (20 + 4 + 4) + large.length * 8 + 40);
  buf.writeUInt32BE(0xff744f63, 0);
  buf.writeUInt32BE(2, 4);
  const fanout = new Array<number>(256).fill(0);
  for (const e of sorted) fanout[parseInt(e.oid.slice(0, 2), 16)]!++;
  let at = 8;
  let running = 0;
  for (let i = 0; i < 256; i++) {
    running += fanout[i]!;
    buf.writeUInt32BE(running, at);
    at += 4;
  }
  for (const e of sorted) {
    buf.write(e.oid, at, "hex");
    at += 20;
  }
  for (const e of sorted) {
    buf.writeUInt32BE(e.crc >>> 0, at);
    at += 4;
  }
  let nextLarge = 0;
  for (const e of sorted) {
    buf.writeUInt32BE(e.offset >= 0x80000000 ? (0x80000000 | nextLarge++) >>> 0 : e.offset, at);
    at += 4;
  }
  for (const e of large) {
    buf.writeBigUInt64BE(BigInt(e.offset), at);
    at += 8;
  }
  packChecksum.copy(buf, at);
  at += 20;
  createHash("sha1").update(buf.subarray(0, at)).digest().copy(buf, at);
  return buf;
}

/**
 * A zlib stream of stored (uncompressed) deflate blocks, written directly: for level 0 this
 * is several times cheaper than a zlib call per small object (RFC 1950, RFC 1951 §3.2.4).
 */
export function storedZlib(data: Buffer, prefix: Buffer = Buffer.alloc(0)): Buffer {
  const blocks = Math.max(1, Math.ceil(data.length / 0xffff));
  // One allocation for the pack entry header (`prefix`) and the stream: no concat afterwards.
  const out = Buffer.allocUnsafe(prefix.length + 2 + blocks * 5 + data.length + 4);
  prefix.copy(out, 0);
  let at = prefix.length;
  out[at++] = 0x78;
  out[at++] = 0x01;
  let i = 0;
  do {
    const n = Math.min(0xffff, data.length - i);
    out[at] = i + n >= data.length ? 1 : 0;
    out.writeUInt16LE(n, at + 1);
    out.writeUInt16LE(~n & 0xffff, at + 3);
    at += 5;
    data.copy(out, at, i, i + n);
    at += n;
    i += n;
  } while (i < data.length);
  out.writeUInt32BE(adler32(data), at);
  return out;
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  const n = data.length;
  // 5552 is the most bytes that cannot overflow b before the modulo (zlib's NMAX).
  for (let i = 0; i < n; ) {
    const end = Math.min(i + 5552, n);
    for (const end4 = end - 3; i < end4; i += 4) {
      a += data[i]!;
      b += a;
      a += data[i + 1]!;
      b += a;
      a += data[i + 2]!;
      b += a;
      a += data[i + 3]!;
      b += a;
    }
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
