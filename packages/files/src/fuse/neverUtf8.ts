// Which write() chunks put bytes in a file that no later write can turn into UTF-8, so the
// write itself fails with EILSEQ (a shell redirect ignores close errors, not write errors).
// A chunk may end inside a multi-byte character (a program's buffer boundary): an incomplete
// sequence at its end is allowed here and judged at close, when the whole file is decoded.

/** Continuation bytes a sequence needs after this lead byte; -1 for a byte no sequence starts with. */
function continuations(lead: number): number {
  if (lead < 0x80) return 0;
  if (lead < 0xc2) return -1; // a stray continuation byte, or an overlong C0/C1 lead
  if (lead < 0xe0) return 1;
  if (lead < 0xf0) return 2;
  if (lead < 0xf5) return 3;
  return -1; // F5–FF: beyond U+10FFFF
}

/** The first continuation byte is narrower after E0/ED/F0/F4 (no overlongs, surrogates or > U+10FFFF). */
function secondOk(lead: number, b: number): boolean {
  if (lead === 0xe0) return b >= 0xa0 && b <= 0xbf;
  if (lead === 0xed) return b >= 0x80 && b <= 0x9f;
  if (lead === 0xf0) return b >= 0x90 && b <= 0xbf;
  if (lead === 0xf4) return b >= 0x80 && b <= 0x8f;
  return b >= 0x80 && b <= 0xbf;
}

/**
 * True when writing `chunk` right after `before` (the up to 3 bytes preceding it in the file)
 * makes a sequence that stays invalid whatever is written after the chunk.
 */
export function neverUtf8(before: Uint8Array, chunk: Uint8Array): boolean {
  // Resume inside a character the bytes before the chunk left incomplete, if any.
  let s: Uint8Array = chunk;
  for (let j = before.length - 1; j >= 0 && before.length - j <= 3; j--) {
    const b = before[j]!;
    if (b >= 0x80 && b <= 0xbf) continue;
    if (continuations(b) > before.length - 1 - j) s = Buffer.concat([before.subarray(j), chunk]);
    break;
  }
  for (let i = 0; i < s.length; ) {
    const lead = s[i]!;
    const n = continuations(lead);
    if (n < 0) return true;
    for (let t = 1; t <= n; t++) {
      if (i + t >= s.length) return false; // completed (or not) by what follows
      const b = s[i + t]!;
      if (!(t === 1 ? secondOk(lead, b) : b >= 0x80 && b <= 0xbf)) return true;
    }
    i += n + 1;
  }
  return false;
}
