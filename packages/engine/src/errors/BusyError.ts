import { MemgitError } from "./MemgitError.ts";

/** The process ran out of a resource (file descriptors) for now; the same call may work later. */
export class BusyError extends MemgitError<{ resource: string }> {
  static readonly code = "Busy";
  readonly code = BusyError.code;
  constructor(resource: string, message = `out of ${resource}; try again`) {
    super(message, { resource });
  }
}
