// Failures of a memory_20250818 command. The message goes back to the model as the tool
// result; `code` is for programs and tests.
export type MemoryToolErrorCode =
  | "invalid_path"
  | "path_escape"
  | "not_found"
  | "already_exists"
  | "not_a_file"
  | "no_match"
  | "ambiguous_match"
  | "invalid_line"
  | "root_protected"
  | "concurrent_change"
  | "refused";

export class MemoryToolError extends Error {
  readonly code: MemoryToolErrorCode;
  constructor(code: MemoryToolErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "MemoryToolError";
    this.code = code;
  }
}
