import { MemgitError } from "./MemgitError.ts";

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

/** An out-of-space error as InsufficientStorageError; anything else as it is. */
export function storageError(storeId: string, err: unknown): unknown {
  return isOutOfSpace(err) ? new InsufficientStorageError(storeId, (err as NodeJS.ErrnoException).code!) : err;
}
