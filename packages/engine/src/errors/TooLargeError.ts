import { MemgitError } from "./MemgitError.ts";

/** Content over the per-memory byte limit. */
export class TooLargeError extends MemgitError<{ field: string; sizeBytes: number; maxBytes: number }> {
  static readonly code = "TooLarge";
  readonly code = TooLargeError.code;
  constructor(field: string, sizeBytes: number, maxBytes: number) {
    super(`${field}: must be at most ${maxBytes} bytes of UTF-8 (got ${sizeBytes})`, { field, sizeBytes, maxBytes });
  }
}
