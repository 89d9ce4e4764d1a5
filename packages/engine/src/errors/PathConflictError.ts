import { MemgitError } from "./MemgitError.ts";

/** The path is taken: the same path, an ancestor, or a descendant of another memory. */
export class PathConflictError extends MemgitError<{ conflictingMemoryId: string; conflictingPath: string }> {
  static readonly code = "PathConflict";
  readonly code = PathConflictError.code;
  constructor(path: string, conflictingMemoryId: string, conflictingPath: string) {
    super(
      conflictingPath === path
        ? `a memory already exists at path: ${path}`
        : `path ${path} overlaps existing memory at ${conflictingPath}`,
      { conflictingMemoryId, conflictingPath },
    );
  }
}
