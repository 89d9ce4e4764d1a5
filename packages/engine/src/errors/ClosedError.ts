import { MemgitError } from "./MemgitError.ts";

export class ClosedError extends MemgitError<{ what: string }> {
  static readonly code = "Closed";
  readonly code = ClosedError.code;
  constructor(what: string) {
    super(`${what} is closed`, { what });
  }
}
