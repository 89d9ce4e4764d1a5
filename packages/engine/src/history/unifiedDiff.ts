// Unified diffs of memory content, in git's format: `---`/`+++` headers (`/dev/null` for a
// side that does not exist), hunks with 3 lines of context, and "\ No newline at end of file"
// after a last line without one. Lines are matched with Myers' algorithm after trimming the
// common head and tail; past MAX_EDITS differences the middle is shown as replaced whole,
// which is still a correct diff, only not the shortest.

const CONTEXT = 3;
const MAX_EDITS = 2000;

export interface DiffSide {
  path: string;
  text: string;
}

type Op = { kind: " " | "-" | "+"; line: string; noEol: boolean };

export function unifiedDiff(from: DiffSide | null, to: DiffSide | null): string {
  const a = splitLines(from?.text ?? "");
  const b = splitLines(to?.text ?? "");
  const header = `--- ${from ? `a${from.path}` : "/dev/null"}\n+++ ${to ? `b${to.path}` : "/dev/null"}\n`;
  return header + hunks(editScript(a, b)).join("");
}

interface Line {
  text: string;
  /** The file's last line, without a newline after it. */
  noEol: boolean;
}

function splitLines(text: string): Line[] {
  if (text === "") return [];
  const parts = text.split("\n");
  const eol = parts[parts.length - 1] === "";
  if (eol) parts.pop();
  return parts.map((t, i) => ({ text: t, noEol: !eol && i === parts.length - 1 }));
}

const same = (x: Line, y: Line) => x.text === y.text && x.noEol === y.noEol;
const op = (kind: Op["kind"]) => (l: Line): Op => ({ kind, line: l.text, noEol: l.noEol });
const keep = op(" ");
const del = op("-");
const ins = op("+");

function editScript(a: Line[], b: Line[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && same(a[head]!, b[head]!)) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && same(a[a.length - 1 - tail]!, b[b.length - 1 - tail]!)) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  return [...a.slice(0, head).map(keep), ...middle, ...a.slice(a.length - tail).map(keep)];
}

/** Myers' O((N+M)D) shortest edit script, keeping each round's frontier to walk it back. */
function myers(a: Line[], b: Line[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [...a.map(del), ...b.map(ins)];
  const offset = n + m;
  const v = new Int32Array(2 * offset + 2);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(n + m, MAX_EDITS) && found < 0; d++) {
    trace.push(v.slice(offset - d, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && same(a[x]!, b[y]!)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return [...a.map(del), ...b.map(ins)];
  // Walk back from (n, m): trace[d] is the frontier before round d, k from -d to d+1.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d]!;
    const at = (k: number) => prev[k + d]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    for (; x > prevX && y > prevY; y--) ops.push(keep(a[--x]!));
    if (down) ops.push(ins(b[--y]!));
    else ops.push(del(a[--x]!));
  }
  for (; x > 0 && y > 0; y--) ops.push(keep(a[--x]!));
  return ops.reverse();
}

/** Groups an edit script into hunks with CONTEXT lines around each change; close ones merge. */
function hunks(ops: Op[]): string[] {
  const out: string[] = [];
  const changed = ops.map((o, i) => (o.kind === " " ? -1 : i)).filter((i) => i >= 0);
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, changed[i]! - CONTEXT);
    let last = changed[i++]!;
    while (i < changed.length && changed[i]! - last - 1 <= 2 * CONTEXT) last = changed[i++]!;
    out.push(hunk(ops, start, Math.min(ops.length, last + 1 + CONTEXT)));
  }
  return out;
}

function hunk(ops: Op[], start: number, end: number): string {
  let oldLine = 1;
  let newLine = 1;
  for (const o of ops.slice(0, start)) {
    if (o.kind !== "+") oldLine++;
    if (o.kind !== "-") newLine++;
  }
  const body = ops.slice(start, end);
  const oldCount = body.filter((o) => o.kind !== "+").length;
  const newCount = body.filter((o) => o.kind !== "-").length;
  const range = (line: number, count: number) => (count === 1 ? `${line}` : `${count === 0 ? line - 1 : line},${count}`);
  let text = `@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@\n`;
  for (const o of body) {
    text += `${o.kind}${o.line}\n`;
    if (o.noEol) text += "\\ No newline at end of file\n";
  }
  return text;
}
