import { MemgitError } from "./MemgitError.ts";

/** The disk failed a write (EIO…): the call changed nothing; the same call may work later. */
export class StorageFailureError extends MemgitError<{ storeId: string; errno: string }> {
  static readonly code = "StorageFailure";
  readonly code = StorageFailureError.code;
  constructor(storeId: string, errno: string) {
    super(`store ${storeId}: the disk failed a write (${errno}); nothing was written`, { storeId, errno });
  }
}
