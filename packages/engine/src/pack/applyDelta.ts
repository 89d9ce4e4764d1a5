// git's delta format (gitformat-pack.txt, "Deltified representation"): source and target
// sizes as varints, then copy instructions (high bit set: offset and size bytes follow,
// selected by the low bits) and insert instructions (1–127 literal bytes).
export function applyDelta(delta: Buffer, base: Buffer): Buffer {
  let at = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    let byte;
    do {
      byte = delta[at++]!;
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return v;
  };
  if (varint() !== base.length) throw new Error("delta base size mismatch");
  const out = Buffer.allocUnsafe(varint());
  let o = 0;
  while (at < delta.length) {
    const op = delta[at++]!;
    if (op & 0x80) {
      let offset = 0;
      let size = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) offset |= delta[at++]! << (8 * i);
      for (let i = 0; i < 3; i++) if (op & (0x10 << i)) size |= delta[at++]! << (8 * i);
      if (size === 0) size = 0x10000;
      offset >>>= 0;
      if (offset + size > base.length || o + size > out.length) throw new Error("delta copy out of range");
      base.copy(out, o, offset, offset + size);
      o += size;
    } else if (op > 0) {
      if (o + op > out.length || at + op > delta.length) throw new Error("delta insert out of range");
      delta.copy(out, o, at, at + op);
      at += op;
      o += op;
    } else throw new Error("delta opcode 0 is reserved");
  }
  if (o !== out.length) throw new Error("delta result size mismatch");
  return out;
}
