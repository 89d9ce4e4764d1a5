import { expect, it } from "vitest";
import { inflateSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import { storedZlib } from "../src/journal/packWriter.ts";

it("writes stored zlib streams that zlib inflates back, for every block boundary", () => {
  for (const n of [0, 1, 100, 65535, 65536, 200_000]) {
    const data = randomBytes(n);
    expect(inflateSync(storedZlib(data)).equals(data)).toBe(true);
  }
});
