// Which write() chunks fail with EILSEQ at once: only bytes no later write can make UTF-8.
import { describe, expect, it } from "vitest";
import { neverUtf8 } from "../src/fuse/neverUtf8.ts";

const b = (...xs: number[]) => Uint8Array.from(xs);
const text = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

describe("neverUtf8", () => {
  it("accepts valid text and a character split at the chunk's end", () => {
    expect(neverUtf8(b(), text("héllo €𝄞"))).toBe(false);
    const euro = text("€"); // E2 82 AC
    expect(neverUtf8(b(), euro.subarray(0, 1))).toBe(false);
    expect(neverUtf8(b(), euro.subarray(0, 2))).toBe(false);
    expect(neverUtf8(b(0x61, 0xe2), euro.subarray(1))).toBe(false);
    expect(neverUtf8(b(0xe2, 0x82), euro.subarray(2))).toBe(false);
    expect(neverUtf8(b(0xf0, 0x9d), b(0x84, 0x9e))).toBe(false);
  });

  it("refuses bytes that no sequence starts with", () => {
    for (const x of [0xff, 0xfe, 0xf5, 0xc0, 0xc1]) expect(neverUtf8(b(), b(0x61, x))).toBe(true);
  });

  it("refuses a stray continuation byte, also right after a complete character", () => {
    expect(neverUtf8(b(), b(0x80))).toBe(true);
    expect(neverUtf8(b(0x61), b(0x80))).toBe(true);
    expect(neverUtf8(b(0xe2, 0x82, 0xac), b(0x80))).toBe(true);
  });

  it("refuses a sequence broken inside the chunk or by its first byte", () => {
    expect(neverUtf8(b(), b(0xe2, 0x61))).toBe(true);
    expect(neverUtf8(b(0xe2), b(0x61))).toBe(true);
    expect(neverUtf8(b(), b(0xe0, 0x80))).toBe(true); // overlong
    expect(neverUtf8(b(), b(0xed, 0xa0))).toBe(true); // surrogate
    expect(neverUtf8(b(), b(0xf4, 0x90))).toBe(true); // above U+10FFFF
  });
});
