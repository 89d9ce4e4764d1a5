import { MemgitError } from "./MemgitError.ts";

export class StoreArchivedError extends MemgitError<{ storeId: string }> {
  static readonly code = "StoreArchived";
  readonly code = StoreArchivedError.code;
  constructor(storeId: string) {
    super(`cannot modify archived resource: memory store ${storeId}`, { storeId });
  }
}
