import { MemgitError } from "./MemgitError.ts";

/** The version is the current head of a live memory; update or delete the memory first. */
export class NotRedactableError extends MemgitError<{ versionId: string; memoryId: string }> {
  static readonly code = "NotRedactable";
  readonly code = NotRedactableError.code;
  constructor(versionId: string, memoryId: string) {
    super(
      `cannot redact ${versionId}: it is the current version of memory ${memoryId}; update or delete the memory first`,
      { versionId, memoryId },
    );
  }
}
