// What a search looks for in a memory: a literal or an RE2 pattern, with or without case.
// Regexes run on re2js, a linear-time engine, so no pattern can make a search hang
// (docs/decisions/0065); literals use V8's own matcher on the escaped string, which has
// nothing to backtrack over.
import { RE2JS } from "re2js";
import { InvalidInputError } from "../errors/index.ts";

/** Longest accepted query, in UTF-16 code units. */
export const MAX_QUERY_LENGTH = 1000;

export interface LineMatcher {
  /** Whether any line of `text` may match: a fast whole-text test to skip most memories. */
  mayMatch(text: string): boolean;
  /** Whether this one line (no "\n" in it) matches. */
  matchesLine(line: string): boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function lineMatcher(query: unknown, opts: { regex?: boolean; caseSensitive?: boolean } = {}): LineMatcher {
  if (typeof query !== "string" || query.length === 0) throw new InvalidInputError("q", "must be a non-empty string");
  if (query.length > MAX_QUERY_LENGTH) throw new InvalidInputError("q", `must be at most ${MAX_QUERY_LENGTH} characters`);
  const caseSensitive = opts.caseSensitive ?? true;
  if (!opts.regex) {
    if (query.includes("\n")) throw new InvalidInputError("q", "must not contain a line break (lines are matched one at a time)");
    if (caseSensitive) return { mayMatch: (t) => t.includes(query), matchesLine: (l) => l.includes(query) };
    const re = new RegExp(escapeRegExp(query), "iu");
    return { mayMatch: (t) => re.test(t), matchesLine: (l) => re.test(l) };
  }
  let whole: RE2JS;
  let line: RE2JS;
  try {
    const fold = caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE;
    // Over the whole text `^` and `$` must hold at every line break, as they do per line.
    whole = RE2JS.compile(query, fold | RE2JS.MULTILINE);
    line = RE2JS.compile(query, fold);
  } catch (err) {
    throw new InvalidInputError("q", `is not a valid regular expression (RE2 syntax): ${(err as Error).message}`);
  }
  return { mayMatch: (t) => whole.matcher(t).find(), matchesLine: (l) => line.matcher(l).find() };
}
