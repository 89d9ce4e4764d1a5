// Reads the server's unified diffs (git's format, docs/api-extensions.md §Diffs) into the
// same lines lineDiff produces, so one view shows both.
import type { DiffLine } from "./lineDiff.ts";

export interface Hunk {
  header: string;
  lines: DiffLine[];
}

export function parseUnifiedDiff(text: string): Hunk[] {
  const hunks: Hunk[] = [];
  let hunk: Hunk | null = null;
  let oldLine = 0;
  let newLine = 0;
  for (const raw of text.split("\n")) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (header) {
      hunk = { header: raw, lines: [] };
      hunks.push(hunk);
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      continue;
    }
    if (hunk === null || raw.startsWith("\\")) continue;
    const mark = raw[0];
    const body = raw.slice(1);
    if (mark === "+") hunk.lines.push({ op: "add", text: body, oldLine: null, newLine: newLine++ });
    else if (mark === "-") hunk.lines.push({ op: "del", text: body, oldLine: oldLine++, newLine: null });
    else if (mark === " ") hunk.lines.push({ op: "same", text: body, oldLine: oldLine++, newLine: newLine++ });
  }
  return hunks;
}

/** Groups a whole-text diff into hunks with `context` unchanged lines around each change. */
export function toHunks(lines: DiffLine[], context = 3): Hunk[] {
  const hunks: Hunk[] = [];
  let current: DiffLine[] = [];
  let lastChange = -Infinity;
  lines.forEach((line, i) => {
    const nextChange = lines.findIndex((l, j) => j >= i && l.op !== "same");
    const near = line.op !== "same" || i - lastChange <= context || (nextChange !== -1 && nextChange - i <= context);
    if (line.op !== "same") lastChange = i;
    if (near) current.push(line);
    else if (current.length > 0) {
      hunks.push({ header: "", lines: current });
      current = [];
    }
  });
  if (current.length > 0) hunks.push({ header: "", lines: current });
  return hunks.filter((h) => h.lines.some((l) => l.op !== "same"));
}
