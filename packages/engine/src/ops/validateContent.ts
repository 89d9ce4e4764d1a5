import { InvalidInputError, TooLargeError } from "../errors/index.ts";
import { isValidActor } from "../model/actor.ts";
import type { Actor } from "../types.ts";

/** Content is stored as the exact UTF-8 bytes of the string; returns them. */
export function validateContent(content: unknown, maxBytes: number, field = "content"): Buffer {
  if (typeof content !== "string") throw new InvalidInputError(field, "must be a string");
  if (!content.isWellFormed()) throw new InvalidInputError(field, "must be valid Unicode (no lone surrogates)");
  const bytes = Buffer.from(content, "utf8");
  if (bytes.length > maxBytes) throw new TooLargeError(field, bytes.length, maxBytes);
  return bytes;
}

export function validateActor(actor: Actor): void {
  if (!actor || !isValidActor(actor)) throw new InvalidInputError("actor", "must be an actor with an id of letters, digits, '_' or '-'");
}

const SHA256 = /^[0-9a-f]{64}$/;

export function validateSha256(value: unknown, field: string): string {
  if (typeof value !== "string" || !SHA256.test(value)) throw new InvalidInputError(field, "must be 64 lowercase hex characters");
  return value;
}
