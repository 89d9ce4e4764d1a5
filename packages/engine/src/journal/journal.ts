// The write-ahead log of one store (docs/decisions/0001-write-path.md): every acknowledged
// change is a framed record in `memgit/journal.{0,1}.wal`, durable after one fdatasync shared
// by the whole batch (group commit). Two files so that a checkpoint never stops writes: it
// seals the active file, writes go on into the other, and once the sealed file's records are
// in a pack and the refs it is emptied. Epochs increase across both files; replay reads the
// older epoch first.
import type { Backend } from "../storage/backend.ts";
import { JournalFile, type Replay } from "./journalFile.ts";
import type { JournalRecord } from "./record.ts";

export { JournalCorruptError } from "./JournalCorruptError.ts";
export { JournalSyncError, type Replay } from "./journalFile.ts";
export { JOURNAL_HEADER_BYTES } from "./record.ts";

export class Journal {
  private active: JournalFile;
  private other: JournalFile;
  private sealed: JournalFile | null = null;

  private constructor(files: [JournalFile, JournalFile]) {
    [this.other, this.active] = files;
  }

  /** Opens both files and returns every record they hold, oldest epoch first. */
  static open(backend: Backend, paths: [string, string]): { journal: Journal; replay: Replay } {
    const opened = paths.map((p) => JournalFile.open(backend, p)).sort((a, b) => a.file.currentEpoch - b.file.currentEpoch);
    const journal = new Journal([opened[0]!.file, opened[1]!.file]);
    // Fresh files share epoch 0: give the active one its own, newer epoch so the order is on disk.
    if (journal.active.currentEpoch === journal.other.currentEpoch) journal.active.startEpoch(journal.nextEpoch(), false);
    return {
      journal,
      replay: {
        records: opened.flatMap((o) => o.replay.records),
        truncatedBytes: opened.reduce((n, o) => n + o.replay.truncatedBytes, 0),
      },
    };
  }

  /** Bytes of records not yet sealed for a checkpoint. */
  get size(): number {
    return this.active.size;
  }

  append(records: JournalRecord[]): void {
    this.active.append(records);
  }

  /** Freezes the active file's records for a checkpoint; new appends go to the other file. */
  seal(): void {
    if (this.sealed) throw new Error("a checkpoint is already in progress");
    this.other.startEpoch(this.nextEpoch(), false);
    this.sealed = this.active;
    [this.active, this.other] = [this.other, this.active];
  }

  /** The sealed records are in git now: empty their file. */
  release(shrink: boolean): void {
    if (!this.sealed) return;
    const done = this.sealed;
    this.sealed = null;
    try {
      done.startEpoch(this.nextEpoch(), shrink);
    } catch {
      // Its records are in git now, so replaying them again is harmless (same objects, and the
      // newer file's refs are applied after them); the next seal empties the file before reuse.
    }
  }

  /** When nothing is pending, gives back the active file's preallocated space (the store went quiet). */
  shrinkIfEmpty(): void {
    if (this.active.size === 0 && !this.sealed) this.active.startEpoch(this.nextEpoch(), true);
  }

  /** Empties both files (after replay put everything into git). */
  reset(): void {
    this.other.startEpoch(this.nextEpoch(), true);
    this.active.startEpoch(this.nextEpoch(), true);
  }

  close(): void {
    this.active.close();
    this.other.close();
  }

  private nextEpoch(): number {
    return Math.max(this.active.currentEpoch, this.other.currentEpoch) + 1;
  }
}
