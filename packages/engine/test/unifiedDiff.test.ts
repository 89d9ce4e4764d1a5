// Diffs are git's unified format: `git apply` turns the old content into the new one.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { unifiedDiff } from "../src/history/unifiedDiff.ts";

const dir = mkdtempSync(join(tmpdir(), "memgit-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Short texts over few distinct lines, so that they share lines and differ in between. */
const text = fc
  .tuple(fc.array(fc.constantFrom("a", "b", "c", "", "dé"), { maxLength: 40 }), fc.boolean())
  .map(([lines, eol]) => lines.join("\n") + (eol && lines.length > 0 ? "\n" : ""));

let n = 0;
function applies(from: string | null, to: string | null): void {
  const work = join(dir, String(n++));
  mkdirSync(join(work, "m"), { recursive: true });
  if (from !== null) writeFileSync(join(work, "m", "f.md"), from);
  const patch = unifiedDiff(from === null ? null : { path: "/m/f.md", text: from }, to === null ? null : { path: "/m/f.md", text: to });
  writeFileSync(join(work, "p.diff"), patch);
  if (from !== to) execFileSync("git", ["apply", "p.diff"], { cwd: work, stdio: "pipe" });
  if (to === null) expect(() => readFileSync(join(work, "m", "f.md"))).toThrow();
  else expect(readFileSync(join(work, "m", "f.md"), "utf8")).toBe(to);
}

it("git apply turns the old content into the new one", () => {
  fc.assert(fc.property(text, text, (a, b) => applies(a, b)), { numRuns: 150 });
});

it("creations and deletions diff against /dev/null", () => {
  applies(null, "new\nfile");
  applies("old\nfile\n", null);
  expect(unifiedDiff(null, { path: "/x", text: "" })).toBe("--- /dev/null\n+++ b/x\n");
});

it("far-apart changes get their own hunks with three lines of context", () => {
  const old = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n") + "\n";
  const changed = old.replace("line 2\n", "LINE 2\n").replace("line 17\n", "LINE 17\n");
  expect(unifiedDiff({ path: "/f", text: old }, { path: "/f", text: changed })).toBe(
    "--- a/f\n+++ b/f\n" +
      "@@ -1,6 +1,6 @@\n line 0\n line 1\n-line 2\n+LINE 2\n line 3\n line 4\n line 5\n" +
      "@@ -15,6 +15,6 @@\n line 14\n line 15\n line 16\n-line 17\n+LINE 17\n line 18\n line 19\n",
  );
});
