// Checkpoint names become `refs/tags/<name>` in every clone: a conservative subset of what
// `git check-ref-format` accepts, safe on every file system, and never mistakable for the
// other ways of naming a point in history (a `memver_` id, an RFC 3339 time, which has ':').
import { InvalidInputError } from "../errors/index.ts";
import { VERSION_PREFIX } from "./ids.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function validateCheckpointName(name: unknown, field = "name"): string {
  if (typeof name !== "string" || !NAME.test(name))
    throw new InvalidInputError(field, "must be 1-100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
  // git's own rules (check-ref-format) beyond the character set.
  if (name.includes("..")) throw new InvalidInputError(field, "must not contain '..'");
  if (name.endsWith(".") || name.toLowerCase().endsWith(".lock")) throw new InvalidInputError(field, "must not end with '.' or '.lock'");
  if (name.startsWith(VERSION_PREFIX)) throw new InvalidInputError(field, `must not start with '${VERSION_PREFIX}' (version ids name points in history)`);
  if (name === "HEAD") throw new InvalidInputError(field, "must not be HEAD");
  return name;
}
