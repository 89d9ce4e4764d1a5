import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineDiff, splitLines } from "../src/ui/lib/lineDiff.ts";
import { parseUnifiedDiff, toHunks } from "../src/ui/lib/unifiedDiff.ts";

const side = (lines: ReturnType<typeof lineDiff>, which: "old" | "new") =>
  lines.filter((l) => l.op === "same" || l.op === (which === "old" ? "del" : "add")).map((l) => l.text);

describe("lineDiff", () => {
  it("marks the changed line and keeps the rest", () => {
    expect(lineDiff("a\nb\nc\n", "a\nB\nc\n").map((l) => `${l.op}:${l.text}`)).toEqual(["same:a", "del:b", "add:B", "same:c"]);
  });

  it("handles empty sides", () => {
    expect(lineDiff("", "")).toEqual([]);
    expect(lineDiff("", "x\n").map((l) => l.op)).toEqual(["add"]);
    expect(lineDiff("x", "").map((l) => l.op)).toEqual(["del"]);
  });

  it("rebuilds both texts from the script, with a minimal number of changes for a single edit", () => {
    const lines = fc.array(fc.constantFrom("a", "b", "c", "d", ""), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const d = lineDiff(a.join("\n"), b.join("\n"));
        expect(side(d, "old")).toEqual(splitLines(a.join("\n")));
        expect(side(d, "new")).toEqual(splitLines(b.join("\n")));
      }),
    );
    const base = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    const edited = [...base];
    edited[25] = "changed";
    expect(lineDiff(base.join("\n"), edited.join("\n")).filter((l) => l.op !== "same")).toHaveLength(2);
  });

  it("numbers lines on each side", () => {
    const d = lineDiff("a\nb\n", "a\nx\nb\n");
    expect(d.map((l) => [l.oldLine, l.newLine])).toEqual([
      [1, 1],
      [null, 2],
      [2, 3],
    ]);
  });
});

describe("toHunks / parseUnifiedDiff", () => {
  it("keeps three lines of context around a change", () => {
    const base = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const edited = [...base];
    edited[10] = "X";
    const hunks = toHunks(lineDiff(base.join("\n"), edited.join("\n")));
    expect(hunks).toHaveLength(1);
    expect(hunks[0]!.lines.map((l) => l.text)).toEqual(["l7", "l8", "l9", "l10", "X", "l11", "l12", "l13"]);
  });

  it("reads git's unified diff with line numbers", () => {
    const text = "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n keep\n-old\n+new\n\\ No newline at end of file\n";
    const [hunk] = parseUnifiedDiff(text);
    expect(hunk!.lines.map((l) => [l.op, l.text, l.oldLine, l.newLine])).toEqual([
      ["same", "keep", 1, 1],
      ["del", "old", 2, null],
      ["add", "new", null, 2],
    ]);
  });
});
