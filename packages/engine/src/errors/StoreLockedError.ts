import { MemgitError } from "./MemgitError.ts";

/** Another live process holds the data directory. */
export class StoreLockedError extends MemgitError<{ path: string; pid: number }> {
  static readonly code = "StoreLocked";
  readonly code = StoreLockedError.code;
  constructor(path: string, pid: number) {
    super(`${path} is in use by process ${pid}; one writer per data directory`, { path, pid });
  }
}
