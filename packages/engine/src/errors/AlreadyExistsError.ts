import { MemgitError } from "./MemgitError.ts";

/**
 * A checkpoint of that name exists (names differing only in letter case count as the same), or
 * an imported store's id is taken on this server.
 */
export class AlreadyExistsError extends MemgitError<{ resource: "checkpoint" | "store"; id: string; existing: string }> {
  static readonly code = "AlreadyExists";
  readonly code = AlreadyExistsError.code;
  constructor(resource: "checkpoint" | "store", id: string, existing: string) {
    super(
      existing === id ? `${resource} ${id} already exists` : `${resource} ${id} collides with ${existing} (names must differ by more than letter case)`,
      { resource, id, existing },
    );
  }
}
