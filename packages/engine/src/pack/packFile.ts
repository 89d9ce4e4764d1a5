// Reads single objects out of a packfile by offset with positioned reads: only the object and
// its delta bases are read, never the whole pack (isomorphic-git loads whole packs into memory,
// which made opening a 250,000-version store take seconds and cost its pack size in RAM).
import { inflateSync } from "node:zlib";
import type { GitObjectType } from "../model/gitObject.ts";
import type { StorageFs } from "../storage/backend.ts";
import { applyDelta } from "./applyDelta.ts";

const TYPES: Record<number, GitObjectType> = { 1: "commit", 2: "tree", 3: "blob", 4: "tag" };
const OFS_DELTA = 6;
const REF_DELTA = 7;

export interface PackedObject {
  type: GitObjectType;
  content: Buffer;
}

/**
 * Delta bases recently resolved, by offset, up to this many bytes (git's own
 * core.deltaBaseCacheLimit is 96 MiB). Walking a history reads commit after commit whose trees
 * and blobs are deltas against each other: without it every read inflates its whole chain again.
 */
const BASE_CACHE_BYTES = 32 << 20;

export class PackFile {
  private readonly bases = new Map<number, PackedObject>();
  private baseBytes = 0;

  constructor(
    private readonly fs: StorageFs,
    private readonly fd: number,
    /** Resolves a REF_DELTA base by id (anywhere in the repository). */
    private readonly resolveRef: (oid: string) => PackedObject,
  ) {}

  read(offset: number, depth = 0): PackedObject {
    if (depth > 10_000) throw new Error("delta chain too deep");
    const head = this.pread(offset, 32);
    let byte = head[0]!;
    const typeCode = (byte >> 4) & 7;
    let size = byte & 0x0f;
    let shift = 4;
    let at = 1;
    while (byte & 0x80) {
      byte = head[at++]!;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (typeCode === OFS_DELTA) {
      byte = head[at++]!;
      let rel = byte & 0x7f;
      while (byte & 0x80) {
        byte = head[at++]!;
        rel = (rel + 1) * 128 + (byte & 0x7f);
      }
      const base = this.base(offset - rel, depth + 1);
      return { type: base.type, content: applyDelta(this.inflate(offset + at, size), base.content) };
    }
    if (typeCode === REF_DELTA) {
      const base = this.resolveRef(head.toString("hex", at, at + 20));
      return { type: base.type, content: applyDelta(this.inflate(offset + at + 20, size), base.content) };
    }
    const type = TYPES[typeCode];
    if (!type) throw new Error(`bad object type ${typeCode} at offset ${offset}`);
    return { type, content: this.inflate(offset + at, size) };
  }

  /** A delta's base, from the cache when it was resolved lately (least recently used goes first). */
  private base(offset: number, depth: number): PackedObject {
    const hit = this.bases.get(offset);
    if (hit) {
      this.bases.delete(offset);
      this.bases.set(offset, hit);
      return hit;
    }
    const object = this.read(offset, depth);
    if (object.content.length > BASE_CACHE_BYTES / 4) return object;
    this.bases.set(offset, object);
    this.baseBytes += object.content.length;
    for (const [old, o] of this.bases) {
      if (this.baseBytes <= BASE_CACHE_BYTES) break;
      this.bases.delete(old);
      this.baseBytes -= o.content.length;
    }
    return object;
  }

  close(): void {
    this.fs.closeSync(this.fd);
  }

  private inflate(at: number, size: number): Buffer {
    // A zlib stream is at most a little larger than its input; inflate ignores what follows it.
    const out = inflateSync(this.pread(at, size + (size >> 3) + 64));
    if (out.length !== size) throw new Error(`object at ${at} inflates to ${out.length} bytes, expected ${size}`);
    return out;
  }

  private pread(at: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    const n = this.fs.readSync(this.fd, buf, 0, length, at);
    return buf.subarray(0, n);
  }
}
