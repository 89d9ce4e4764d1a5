// Listings sort by UTF-8 bytes (= code points). JS `<` compares UTF-16 code units, which
// disagrees for astral characters against U+E000..U+FFFF; remap code units to fix that.

function fix(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}

export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return fix(ca) - fix(cb);
  }
  return a.length - b.length;
}
