import { MemgitError } from "./MemgitError.ts";

/** On-disk state is damaged beyond what the engine repairs by itself. */
export class CorruptError extends MemgitError<{ storeId: string; detail: string }> {
  static readonly code = "Corrupt";
  readonly code = CorruptError.code;
  constructor(storeId: string, detail: string) {
    super(`store ${storeId} is corrupt: ${detail}`, { storeId, detail });
  }
}
