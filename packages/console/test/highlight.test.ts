import { describe, expect, it } from "vitest";
import { highlight } from "../src/ui/lib/highlight.ts";

const marked = (spans: ReturnType<typeof highlight>) => spans.map((s) => (s.match ? `[${s.text}]` : s.text)).join("");

describe("search highlight", () => {
  it("marks every literal match, regex characters taken literally", () => {
    expect(marked(highlight("a.b a.b axb", "a.b", false, true))).toBe("[a.b] [a.b] axb");
  });
  it("folds case when asked", () => {
    expect(marked(highlight("Vim vim VIM", "vim", false, false))).toBe("[Vim] [vim] [VIM]");
    expect(marked(highlight("Vim vim VIM", "vim", false, true))).toBe("Vim [vim] VIM");
  });
  it("marks regex matches, and leaves a line unmarked when JavaScript cannot read the pattern", () => {
    expect(marked(highlight("prefers vim, preferred helix", "pre(fers|ferred) \\w+", true, true))).toBe("[prefers vim], [preferred helix]");
    expect(marked(highlight("anything", "(?P<x>a)", true, true))).toBe("anything");
    expect(marked(highlight("abc", "x*", true, true))).toBe("abc");
  });
});
