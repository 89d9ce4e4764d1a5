// One diff, unified or side by side. Added and removed lines carry a visually hidden word
// as well as their colour, so a screen reader and a colour-blind reader both get it.
import { Toggle } from "./Toggle.tsx";
import { useState } from "preact/hooks";
import type { DiffLine } from "../lib/lineDiff.ts";
import type { Hunk } from "../lib/unifiedDiff.ts";

export type DiffLayout = "unified" | "split";

const SIGN = { add: "+", del: "-", same: " " } as const;
const SPOKEN = { add: "added", del: "removed", same: "" } as const;

function Cell({ line, side }: { line: DiffLine | null; side?: "old" | "new" }) {
  if (line === null) return <td class="diff-empty" colSpan={2} />;
  const num = side === "new" ? line.newLine : side === "old" ? line.oldLine : (line.newLine ?? line.oldLine);
  return (
    <>
      <td class="diff-num">{num}</td>
      <td class={`diff-${line.op}`}>
        <span class="sr-only">{SPOKEN[line.op]} </span>
        <span aria-hidden="true">{SIGN[line.op]}</span>
        {line.text}
      </td>
    </>
  );
}

/** Pairs removed and added runs into rows for the side-by-side layout. */
function splitRows(lines: DiffLine[]): [DiffLine | null, DiffLine | null][] {
  const rows: [DiffLine | null, DiffLine | null][] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.op === "same") {
      rows.push([line, line]);
      i++;
      continue;
    }
    const dels: DiffLine[] = [];
    const adds: DiffLine[] = [];
    while (i < lines.length && lines[i]!.op === "del") dels.push(lines[i++]!);
    while (i < lines.length && lines[i]!.op === "add") adds.push(lines[i++]!);
    for (let j = 0; j < Math.max(dels.length, adds.length); j++) rows.push([dels[j] ?? null, adds[j] ?? null]);
  }
  return rows;
}

export function LayoutToggle({ value, onChange }: { value: DiffLayout; onChange: (l: DiffLayout) => void }) {
  return (
    <Toggle
      label="Diff layout"
      value={value}
      options={[
        ["unified", "Unified"],
        ["split", "Side by side"],
      ]}
      onChange={onChange}
    />
  );
}

export function DiffView({ hunks, label, layout: fixed }: { hunks: Hunk[]; label: string; layout?: DiffLayout }) {
  const [chosen, setLayout] = useState<DiffLayout>("unified");
  const layout = fixed ?? chosen;
  if (hunks.length === 0) return <p class="muted">No differences.</p>;
  return (
    <div class="diff">
      {fixed === undefined && <LayoutToggle value={layout} onChange={setLayout} />}
      <div class="diff-scroll">
        <table class={`diff-table diff-${layout}`} aria-label={label}>
          {hunks.map((h, i) => (
            <tbody key={i}>
              {h.header && (
                <tr class="diff-hunk">
                  <td colSpan={layout === "split" ? 4 : 2}>{h.header}</td>
                </tr>
              )}
              {layout === "unified"
                ? h.lines.map((line, j) => (
                    <tr key={j}>
                      <Cell line={line} />
                    </tr>
                  ))
                : splitRows(h.lines).map(([left, right], j) => (
                    <tr key={j}>
                      <Cell line={left} side="old" />
                      <Cell line={right} side="new" />
                    </tr>
                  ))}
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}
