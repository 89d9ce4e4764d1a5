// The open state of one file, shared by every descriptor open on it (like an inode):
// its bytes, and the memory id + content sha they were loaded from (the write precondition).
import { createHash } from "node:crypto";
import { MAX_CONTENT_BYTES } from "../client/limits.ts";
import { PosixError } from "../errno.ts";
import { neverUtf8 } from "./neverUtf8.ts";
import type { StoreView } from "./StoreView.ts";

export class Draft {
  readonly view: StoreView;
  path: string;
  memoryId: string | null;
  baseSha: string | null;
  /** Set by unlink, or when a rename replaced this file: later flushes write nothing. */
  orphaned = false;
  openCount = 0;
  /** A write()/ftruncate() happened since the last commit (see MemoryFs.flush). */
  touched = false;
  /** Bumped by every change to the bytes; `cleanGen` is the generation last written out. */
  gen = 0;
  cleanGen = 0;
  /**
   * An editor's scratch file (isScratchName): kept in the mount's memory, never written to the
   * store, until it is renamed to an ordinary name.
   */
  scratch = false;
  /** A write refused by a limit (EFBIG) or as never UTF-8 (EILSEQ): the file is never written to the store. */
  refused: PosixError | null = null;
  /** The generation a close() was told could not be written (see writeOut). */
  failedGen: number | null = null;
  #buf: Buffer;
  #size: number;

  constructor(view: StoreView, path: string, memoryId: string | null, baseSha: string | null, content: Buffer) {
    this.view = view;
    this.path = path;
    this.memoryId = memoryId;
    this.baseSha = baseSha;
    this.#buf = content;
    this.#size = content.length;
  }

  /** Marks the bytes as possibly differing from `baseSha` (a truncating open). */
  markChanged(): void {
    this.gen++;
  }

  get size(): number {
    return this.#size;
  }

  bytes(): Buffer {
    return this.#buf.subarray(0, this.#size);
  }

  sha(): string {
    return createHash("sha256").update(this.bytes()).digest("hex");
  }

  /** New file never written to the store, or content differing from what it was loaded as. */
  get changed(): boolean {
    return !this.orphaned && (this.memoryId === null || (this.gen !== this.cleanGen && this.sha() !== this.baseSha));
  }

  read(target: Buffer, length: number, position: number): number {
    if (position >= this.#size) return 0;
    return this.#buf.copy(target, 0, position, Math.min(this.#size, position + length));
  }

  write(source: Buffer, length: number, position: number): number {
    const end = position + length;
    if (end > MAX_CONTENT_BYTES) throw (this.refused = new PosixError("EFBIG", "content over 102,400 bytes"));
    // Bytes past the end are a hole of zeros (ASCII) once written.
    const before = position > this.#size ? new Uint8Array(0) : this.#buf.subarray(Math.max(0, position - 3), position);
    // Scratch files (vim's binary swap file) never reach the store: any bytes go.
    if (!this.scratch && neverUtf8(before, source.subarray(0, length))) throw (this.refused = new PosixError("EILSEQ", "content is not UTF-8"));
    this.#ensure(end);
    if (position > this.#size) this.#buf.fill(0, this.#size, position);
    source.copy(this.#buf, position, 0, length);
    this.touched = true;
    this.gen++;
    if (end > this.#size) this.#size = end;
    return length;
  }

  /** `touch: false` for the truncation an O_TRUNC open does: a later close decides (see MemoryFs.flush). */
  truncate(size: number, touch = true): void {
    if (size > MAX_CONTENT_BYTES) throw (this.refused = new PosixError("EFBIG", "content over 102,400 bytes"));
    this.#ensure(size);
    if (size > this.#size) this.#buf.fill(0, this.#size, size);
    this.#size = size;
    if (touch) this.touched = true;
    this.gen++;
  }

  #ensure(capacity: number): void {
    if (capacity <= this.#buf.length) return;
    const next = Buffer.alloc(Math.max(capacity, Math.min(MAX_CONTENT_BYTES, this.#buf.length * 2 || 4096)));
    this.#buf.copy(next, 0, 0, this.#size);
    this.#buf = next;
  }
}

/**
 * Editor scratch files that would otherwise be a created + deleted version pair on every edit:
 * vim swap files (`.name.swp` … `.name.swa`, the `.swx` probe) and its `4913` write probe,
 * Emacs auto-save files (`#name#`). docs/decisions/0021-mount-semantics.md.
 */
export function isScratchName(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /^\..+\.sw[a-px]$/.test(name) || name === "4913" || /^#.+#$/.test(name);
}
