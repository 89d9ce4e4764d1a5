// The pack reader against packs written by real git, with both delta encodings.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ObjectReader } from "../src/storage/objectReader.ts";
import { fsBackend } from "../src/storage/fsBackend.ts";

function repoWithHistory(): string {
  const dir = mkdtempSync(join(tmpdir(), "memgit-pack-"));
  const git = (...a: string[]) => execFileSync("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@t", ...a], { stdio: "pipe" }).toString();
  git("init", "-q");
  let text = "";
  for (let i = 0; i < 60; i++) {
    text += `line ${i} ${"lorem ipsum ".repeat(i % 7)}\n`;
    writeFileSync(join(dir, `f${i % 3}.txt`), text);
    git("add", ".");
    git("commit", "-q", "-m", `c${i}`);
  }
  return dir;
}

describe("pack reader", () => {
  for (const [name, config] of [["OFS_DELTA", "true"], ["REF_DELTA", "false"]] as const) {
    it(`reads every object of a deltified ${name} pack byte for byte`, () => {
      const dir = repoWithHistory();
      execFileSync("git", ["-C", dir, "-c", `repack.useDeltaBaseOffset=${config}`, "repack", "-a", "-d", "-f", "-q", "--depth=50"]);
      const gitDir = join(dir, ".git");
      expect(readdirSync(join(gitDir, "objects")).filter((d) => /^[0-9a-f]{2}$/.test(d))).toEqual([]);
      const oids = execFileSync("git", ["-C", dir, "rev-list", "--objects", "--all"]).toString().trim().split("\n").map((l) => l.slice(0, 40));
      const reader = new ObjectReader(fsBackend(dir), gitDir, new Map());
      for (const oid of oids) {
        const type = execFileSync("git", ["-C", dir, "cat-file", "-t", oid]).toString().trim();
        const content = execFileSync("git", ["-C", dir, "cat-file", type, oid]);
        const got = reader.read(oid);
        expect(got.type).toBe(type);
        expect(got.content.equals(content)).toBe(true);
      }
      reader.close();
    });
  }

  it("refuses an object whose bytes were damaged", () => {
    const dir = repoWithHistory();
    execFileSync("git", ["-C", dir, "repack", "-a", "-d", "-q"]);
    const head = execFileSync("git", ["-C", dir, "rev-parse", "HEAD:f0.txt"]).toString().trim();
    const gitDir = join(dir, ".git");
    const packDir = join(gitDir, "objects", "pack");
    const pack = readdirSync(packDir).find((f) => f.endsWith(".pack"))!;
    const bytes = readFileSync(join(packDir, pack));
    for (let i = 100; i < bytes.length - 40; i += 50) bytes[i]! ^= 0x01;
    writeFileSync(join(packDir, pack), bytes);
    const reader = new ObjectReader(fsBackend(dir), gitDir, new Map());
    expect(() => reader.read(head)).toThrow();
    reader.close();
  });
});
