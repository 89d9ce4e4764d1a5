import { MemgitError } from "./MemgitError.ts";
import { StorageFailureError } from "./StorageFailureError.ts";

/**
 * The disk (or the quota) is full. Nothing of the refused write was kept; reads go on, and
 * writes succeed again once space returns, without a restart.
 */
export class InsufficientStorageError extends MemgitError<{ storeId: string; errno: string }> {
  static readonly code = "InsufficientStorage";
  readonly code = InsufficientStorageError.code;
  constructor(storeId: string, errno: string) {
    super(`no space left for store ${storeId} (${errno}); nothing was written`, { storeId, errno });
  }
}

const FULL = new Set(["ENOSPC", "EDQUOT"]);

/** Whether an I/O error means "out of space" rather than a failing device. */
export function isOutOfSpace(err: unknown): boolean {
  return FULL.has((err as NodeJS.ErrnoException | null)?.code ?? "");
}

/** A system error from a write that changed nothing, as the typed error callers see. */
export function storageError(storeId: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  // Out of descriptors is not the disk's fault: the store pool handles it (BusyError).
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code) || code === "EMFILE" || code === "ENFILE") return err;
  return isOutOfSpace(err) ? new InsufficientStorageError(storeId, code) : new StorageFailureError(storeId, code);
}
