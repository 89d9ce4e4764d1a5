import { MemgitError } from "./MemgitError.ts";

/** The memory's current content_sha256 is not the one the caller expected. */
export class PreconditionFailedError extends MemgitError<{ memoryId: string }> {
  static readonly code = "PreconditionFailed";
  readonly code = PreconditionFailedError.code;
  constructor(memoryId: string) {
    super(`content_sha256 precondition failed for memory ${memoryId}`, { memoryId });
  }
}
