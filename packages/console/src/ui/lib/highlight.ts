// Where a search matched in a line, for <mark>. The server decides which lines match (RE2,
// Unicode simple case folding); this only finds the spans again to show them, so a pattern
// JavaScript reads differently leaves its line unmarked rather than wrong.

export interface Span {
  text: string;
  match: boolean;
}

function matcher(q: string, regex: boolean, caseSensitive: boolean): RegExp | null {
  if (q === "") return null;
  const source = regex ? q : q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  try {
    return new RegExp(source, `gu${caseSensitive ? "" : "i"}`);
  } catch {
    return null;
  }
}

export function highlight(line: string, q: string, regex: boolean, caseSensitive: boolean): Span[] {
  const re = matcher(q, regex, caseSensitive);
  if (re === null) return [{ text: line, match: false }];
  const spans: Span[] = [];
  let at = 0;
  for (const m of line.matchAll(re)) {
    if (m[0] === "") continue;
    if (m.index > at) spans.push({ text: line.slice(at, m.index), match: false });
    spans.push({ text: m[0], match: true });
    at = m.index + m[0].length;
  }
  if (at < line.length) spans.push({ text: line.slice(at), match: false });
  return spans;
}
