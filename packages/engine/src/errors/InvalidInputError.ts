import { MemgitError } from "./MemgitError.ts";

/** A request field broke a rule. `field` is the wire name (`path`, `metadata.key`, `page`...). */
export class InvalidInputError extends MemgitError<{ field: string; rule: string }> {
  static readonly code = "InvalidInput";
  readonly code = InvalidInputError.code;
  constructor(field: string, rule: string, message = `${field}: ${rule}`) {
    super(message, { field, rule });
  }
}
