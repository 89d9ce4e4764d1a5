import { MemgitError } from "./MemgitError.ts";

/** Another live process holds the data directory. `pid` is the holder's as it saw itself (0: unknown). */
export class StoreLockedError extends MemgitError<{ path: string; pid: number }> {
  static readonly code = "StoreLocked";
  readonly code = StoreLockedError.code;
  constructor(path: string, pid: number) {
    super(`${path} is in use by ${pid ? `process ${pid}` : "another process"}; one writer per data directory`, { path, pid });
  }
}
