import { MemgitError } from "./MemgitError.ts";

export type Resource = "store" | "memory" | "version" | "checkpoint";

const nouns: Record<Resource, string> = { store: "memory store", memory: "memory", version: "memory version", checkpoint: "checkpoint" };

export class NotFoundError extends MemgitError<{ resource: Resource; id: string }> {
  static readonly code = "NotFound";
  readonly code = NotFoundError.code;
  constructor(resource: Resource, id: string) {
    super(`${nouns[resource]} not found: ${id}`, { resource, id });
  }
}
