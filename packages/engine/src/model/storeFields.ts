// Store field rules (spec §4.1, §5.1, §5.3). Lengths count Unicode code points.
import { InvalidInputError } from "../errors/index.ts";

const CONTROL = /\p{Cc}/u;
const codePoints = (s: string) => [...s].length;

export const MAX_NAME = 255;
export const MAX_DESCRIPTION = 1024;
export const MAX_METADATA_PAIRS = 16;
export const MAX_METADATA_KEY = 64;
export const MAX_METADATA_VALUE = 512;

export function validateName(name: unknown): string {
  if (typeof name !== "string") throw new InvalidInputError("name", "must be a string");
  if (name.length === 0) throw new InvalidInputError("name", "minimum string length is 1", "name: minimum string length is 1");
  if (codePoints(name) > MAX_NAME) throw new InvalidInputError("name", `maximum string length is ${MAX_NAME}`);
  if (CONTROL.test(name)) throw new InvalidInputError("name", "must not contain control characters");
  return name;
}

export function validateDescription(description: unknown): string {
  if (description === null || description === undefined) return "";
  if (typeof description !== "string") throw new InvalidInputError("description", "must be a string");
  if (codePoints(description) > MAX_DESCRIPTION)
    throw new InvalidInputError("description", `maximum string length is ${MAX_DESCRIPTION}`);
  return description;
}

function validateMetadataEntry(key: string, value: unknown): void {
  if (key.length === 0 || codePoints(key) > MAX_METADATA_KEY)
    throw new InvalidInputError("metadata", `keys must be 1 to ${MAX_METADATA_KEY} characters`);
  if (typeof value !== "string") throw new InvalidInputError(`metadata.${key}`, "must be a string");
  if (codePoints(value) > MAX_METADATA_VALUE)
    throw new InvalidInputError(`metadata.${key}`, `values must be at most ${MAX_METADATA_VALUE} characters`);
}

function checkPairs(n: number): void {
  if (n > MAX_METADATA_PAIRS) throw new InvalidInputError("metadata", `at most ${MAX_METADATA_PAIRS} pairs`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Metadata keys are data, so maps have no prototype: on a plain `{}`, assigning the key
 * `__proto__` would set the prototype instead and the pair would vanish.
 */
const emptyMap = (): Record<string, string> => Object.create(null) as Record<string, string>;

export function validateMetadata(metadata: unknown): Record<string, string> {
  if (metadata === null || metadata === undefined) return emptyMap();
  if (!isPlainObject(metadata)) throw new InvalidInputError("metadata", "must be an object of strings");
  const out = emptyMap();
  for (const [k, v] of Object.entries(metadata)) {
    validateMetadataEntry(k, v);
    out[k] = v as string;
  }
  checkPairs(Object.keys(out).length);
  return out;
}

/** Applies a metadata patch (string upserts, null deletes) and checks the result. */
export function patchMetadata(current: Record<string, string>, patch: unknown): Record<string, string> {
  if (!isPlainObject(patch)) throw new InvalidInputError("metadata", "must be an object of strings or nulls");
  const out = Object.assign(emptyMap(), current);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
      continue;
    }
    validateMetadataEntry(k, v);
    out[k] = v as string;
  }
  checkPairs(Object.keys(out).length);
  return out;
}
