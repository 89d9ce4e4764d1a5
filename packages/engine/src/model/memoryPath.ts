// Memory path rules (spec §6): checked before anything is written.
import { InvalidInputError } from "../errors/index.ts";
import { gitSpecialName } from "./gitSpecialName.ts";

export const MAX_PATH_BYTES = 1024;
export const MAX_SEGMENTS = 20;

// Cc, Cf and the two line/paragraph separators.
const FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** Throws InvalidInputError naming `field` and the broken rule; returns the segments. */
export function validateMemoryPath(path: unknown, field = "path"): string[] {
  const segments = pathSegments(path, field);
  // A store must stay a repository git can fsck and check out, with the API's bytes (decision 0004).
  for (const s of segments) {
    const special = gitSpecialName(s);
    if (special) {
      const rule = `must not have a segment git treats as ${special} on Linux, macOS or Windows`;
      throw new InvalidInputError(field, rule, `${field}: ${rule} (${JSON.stringify(s)})`);
    }
  }
  return segments;
}

/**
 * A list prefix: "/" or a well-formed path followed by "/". Names special to git are not refused
 * here: a filter writes nothing, and a store adopted from a plain repository may hold them.
 */
export function validatePathPrefix(prefix: unknown, field = "path_prefix"): string {
  if (typeof prefix !== "string") throw new InvalidInputError(field, "must be a string");
  if (!prefix.endsWith("/")) throw new InvalidInputError(field, "must end with '/'");
  if (prefix !== "/") pathSegments(prefix.slice(0, -1), field);
  return prefix;
}

function pathSegments(path: unknown, field: string): string[] {
  if (typeof path !== "string") throw new InvalidInputError(field, "must be a string");
  if (!path.startsWith("/")) throw new InvalidInputError(field, "must start with '/'");
  if (Buffer.byteLength(path) > MAX_PATH_BYTES)
    throw new InvalidInputError(field, `must be at most ${MAX_PATH_BYTES} bytes of UTF-8`);
  if (!path.isWellFormed()) throw new InvalidInputError(field, "must be valid Unicode");
  if (FORBIDDEN.test(path))
    throw new InvalidInputError(field, "must not contain control or format characters, U+2028 or U+2029");
  if (path.normalize("NFC") !== path) throw new InvalidInputError(field, "must be in Unicode NFC");
  const segments = path.slice(1).split("/");
  if (segments.length > MAX_SEGMENTS) throw new InvalidInputError(field, `must have at most ${MAX_SEGMENTS} segments`);
  for (const s of segments) {
    if (s === "") throw new InvalidInputError(field, "must not have an empty segment");
    if (s === "." || s === "..") throw new InvalidInputError(field, "must not have a '.' or '..' segment");
  }
  return segments;
}
