// The bundle header parser alone: what a store's bundle may and may not declare.
import { expect, it } from "vitest";
import { parseBundleHeader } from "../src/transfer/bundleHeader.ts";

const A = "a".repeat(40);
const rule = (text: string) => {
  try {
    parseBundleHeader(Buffer.from(text));
  } catch (err) {
    return (err as { data: { rule: string } }).data.rule;
  }
  return "accepted";
};

it("reads v2 and v3 (SHA-1) headers: refs in order, the pack right after the blank line", () => {
  const h = parseBundleHeader(Buffer.from(`# v3 git bundle\n@object-format=sha1\n${A} refs/heads/main\n${A} HEAD\n\nPACK`));
  expect([...h.refs]).toEqual([["refs/heads/main", A], ["HEAD", A]]);
  expect(h.packOffset).toBe(`# v3 git bundle\n@object-format=sha1\n${A} refs/heads/main\n${A} HEAD\n\n`.length);
  expect(rule(`# v2 git bundle\n${A} refs/heads/main\n\n`)).toBe("accepted");
});

it("refuses what a whole SHA-1 store's bundle never has", () => {
  expect(rule("PACK")).toMatch(/^not a git bundle/);
  expect(rule(`# v2 git bundle\n${A} refs/heads/main\n`)).toMatch(/header has no end/);
  expect(rule(`# v3 git bundle\n@object-format=sha256\n${A} refs/heads/main\n\n`)).toMatch(/unsupported bundle capability/);
  expect(rule(`# v3 git bundle\n@filter=blob:none\n${A} refs/heads/main\n\n`)).toMatch(/filtered/);
  expect(rule(`# v2 git bundle\n-${A} parent\n${A} refs/heads/main\n\n`)).toMatch(/needs 1 commit\(s\) it does not carry/);
  expect(rule(`# v2 git bundle\nxyz refs/heads/main\n\n`)).toMatch(/malformed bundle header line/);
});
