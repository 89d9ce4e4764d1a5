// New files named like temporary files are held in the mount for a moment after their last
// close instead of written at once. An atomic save (`sed -i`, Python's write-temp-then-
// `os.replace`, a lock file renamed into place) closes its temp file and renames it over a
// memory right after: written at its close, the temp file would add a `created` and a
// `deleted` version around the target's `modified`. Held, the rename writes its bytes as one
// `modified` of the target and the temp file never reaches the store.
// docs/decisions/0025-atomic-saves-are-one-version.md.
import { decodeContent } from "../client/limits.ts";
import type { Draft } from "./Draft.ts";

/** How long after its last close a held file not renamed meanwhile waits to be written. */
export const TEMP_HOLD_MS = 1000;

const TEMP_NAMES = [
  /^sed[A-Za-z0-9]{6}$/, // GNU sed -i
  /^tmp[a-z0-9_]{8}$/, // Python tempfile
  /^tmp\.[A-Za-z0-9]{10}$/, // mktemp
  /^\.tmp[A-Za-z0-9]{6}$/, // Rust tempfile
  /\.(tmp|temp|lock|new)$/i, // by hand: `a.md.tmp`, `.a.md.tmp`, `a.md.lock`, `a.md.new`
];

export function isTempName(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return TEMP_NAMES.some((re) => re.test(name));
}

/** A close of this file holds it instead of writing it: never in the store, and named like a temp file. */
export function holds(d: Draft): boolean {
  return d.memoryId === null && !d.orphaned && !d.scratch && isTempName(d.path);
}

/**
 * What a close can still refuse of a held file (so the caller hears it, as for any close):
 * a refused write, content that is not UTF-8. Races with other writers surface later, on stderr.
 */
export function checkHeld(d: Draft): void {
  d.touched = false;
  if (d.refused) throw d.refused;
  decodeContent(d.bytes());
}

export class TempHolds {
  readonly #timers = new Map<Draft, NodeJS.Timeout>();
  readonly #write: (d: Draft) => Promise<void>;

  /** `write` writes a closed draft out (and reports its failure: no caller is waiting). */
  constructor(write: (d: Draft) => Promise<void>) {
    this.#write = write;
  }

  /** The last close of a held file: it is written TEMP_HOLD_MS later unless renamed or removed first. */
  hold(d: Draft): void {
    clearTimeout(this.#timers.get(d));
    const timer = setTimeout(() => {
      this.#timers.delete(d);
      if (d.openCount === 0) void this.#write(d); // else its own last close holds it again
    }, TEMP_HOLD_MS);
    timer.unref();
    this.#timers.set(d, timer);
  }

  /** Unmounting: the files still held, to be written now. */
  drain(): Draft[] {
    const held = [...this.#timers.keys()].filter((d) => d.openCount === 0);
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    return held;
  }
}
