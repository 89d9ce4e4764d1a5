// Issue 9 item 2: no path the engine accepts may break the store for git (docs/decisions/0004).
// Generated paths, many of them spellings or near misses of the names git treats specially (.git,
// .gitmodules, .gitattributes on Linux, macOS and Windows), are offered to a real store; every
// accepted one is written with content that trips git's checks if git reads the file as anything
// but a plain file, and native git must then fsck, clone and check out the store with every
// protection on. Native git's fsck is also the oracle for which names the engine refuses.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError, Memgit, validateMemoryPath, type Actor } from "../../packages/engine/src/index.ts";

const actor: Actor = { type: "session_actor", sessionId: "sesn_gitpaths" };

// As .gitmodules: a submodule URL git refuses (fsck gitmodulesUrl). As .gitattributes: a rule
// that would check every file out with CRLF, and a line too long to parse (gitattributesLineLength).
const POISON = `[submodule "x"]\n\tpath = x\n\turl = --upload-pack=touch /tmp/pwned\n* text eol=crlf\n#${"x".repeat(2100)}\n`;

const SPECIAL = [".git", "git~1", ".gitmodules", "gitmod~1", "gi7eba~1", "gi7eb~12", ".gitattributes", "gitatt~3", "gi7d29~1", "~1234567"];
const HARMLESS = [".gitignore", "gitign~1", ".mailmap", "mailma~1", ".github", ".gitkeep", "git~2", "gitmod~5", "git", "gitmodules"];

// The letters' other cases, including Unicode ones whose upper case is ASCII (ſ→S, ı→I).
const caseVariant = (s: string) =>
  fc.tuple(...[...s].map((c) => fc.constantFrom(c, c.toUpperCase(), ...({ i: ["ı"], s: ["ſ"] }[c] ?? [])))).map((cs) => cs.join(""));
const ntfsTail = fc.stringMatching(/^[. ]{0,3}(:(\$INDEX_ALLOCATION|stream|\$DATA)?)?$/);
const ignorable = fc.constantFrom("\u200C", "\u200D", "\u200E", "\u202A", "\u206A", "\uFEFF");
const insertAt = (s: string, c: string, at: number) => s.slice(0, at % (s.length + 1)) + c + s.slice(at % (s.length + 1));

/** A spelling of a special name on some platform: any case, NTFS tails, an ignorable, a backslash piece. */
const specialSpelling = fc
  .tuple(fc.constantFrom(...SPECIAL), fc.option(ignorable), fc.nat(), fc.constantFrom("", "a\\", "\\"))
  .chain(([base, zw, at, before]) =>
    fc.tuple(caseVariant(base), ntfsTail).map(([b, tail]) => before + (zw ? insertAt(b, zw, at) : b) + tail),
  );
const nearMiss = fc
  .tuple(fc.constantFrom(...SPECIAL, ...HARMLESS), fc.constantFrom("x", "-", "_", "0", "5", "~", ".", " ", ":", "é", "İ", "\\"), fc.nat())
  .chain(([base, c, at]) => caseVariant(base).map((b) => insertAt(b, c, at)));
const plain = fc.string({ unit: fc.constantFrom(..."aGiT.~1 :\\$é-"), minLength: 1, maxLength: 10 });
const segment = fc.oneof(specialSpelling, nearMiss, fc.constantFrom(...HARMLESS), plain);
const memoryPath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => "/" + s.join("/"));

/** Whether the engine accepts `path`; if not, under which rule. */
function verdict(path: string): "accepted" | "git" | "other" {
  try {
    validateMemoryPath(path);
    return "accepted";
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return /git treats/.test((e as InvalidInputError).data.rule) ? "git" : "other";
  }
}
const accepted = (path: string) => verdict(path) === "accepted";

const git = (...args: string[]) => execFileSync("git", args, { stdio: "pipe" }).toString();
const PROTECT = ["-c", "core.protectNTFS=true", "-c", "core.protectHFS=true"];

/** The names native `git fsck --strict` flags as a tree entry holding POISON (one fsck for all). */
function flaggedByGit(names: string[]): Set<string> {
  const dir = mkdtempSync(join(tmpdir(), "memgit-gitnames-"));
  const repo = join(dir, "repo.git");
  git("init", "-q", "--bare", repo);
  const files = names.map((_, i) => join(dir, `blob${i}`));
  files.forEach((f, i) => writeFileSync(f, `${POISON}# ${i}\n`));
  const blobs = git("--git-dir", repo, "hash-object", "-w", ...files).trim().split("\n");
  const entries = names.map((n, i) => `100644 blob ${blobs[i]}\t${n}\0\0`).join("");
  const trees = execFileSync("git", ["--git-dir", repo, "mktree", "-z", "--batch"], { input: entries }).toString().trim().split("\n");
  expect(trees).toHaveLength(names.length);
  const nameOf = new Map([...blobs, ...trees].map((oid, i) => [oid, names[i % names.length]!]));
  const fsck = spawnSync("git", ["--git-dir", repo, "fsck", "--full", "--strict", "--no-dangling"]).stderr.toString();
  return new Set([...fsck.matchAll(/\b[0-9a-f]{40}\b/g)].map((m) => nameOf.get(m[0])!));
}

describe("memory paths and native git", () => {
  it("every accepted path keeps fsck --strict, clone and a protected checkout clean, with the API's bytes", async () => {
    const mg = await Memgit.open({ dataDir: mkdtempSync(join(tmpdir(), "memgit-gitpaths-")) });
    try {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(memoryPath, { minLength: 150, maxLength: 150 }), async (paths) => {
          const s = await mg.createStore({ name: "git paths" });
          const written: string[] = [];
          for (const path of paths.filter(accepted)) {
            const r = await mg.createMemory(s.id, { path, content: POISON, actor }).catch((e: unknown) => {
              if ((e as { code?: string }).code !== "PathConflict") throw e;
            });
            if (r) written.push(path);
          }
          expect(written.length).toBeGreaterThan(paths.length / 4);
          await mg.flush();
          const gitDir = (await mg.gitDir(s.id))!;
          git("--git-dir", gitDir, "fsck", "--full", "--strict");
          const work = mkdtempSync(join(tmpdir(), "memgit-gitpaths-clone-"));
          git("clone", "-q", gitDir, join(work, "plain"));
          git(...PROTECT, "-c", "transfer.fsckObjects=true", "clone", "-q", gitDir, join(work, "protected"));
          for (const dir of ["plain", "protected"]) {
            expect(git("-C", join(work, dir), "ls-files").split("\n").filter(Boolean)).toHaveLength(written.length);
            for (const path of written) expect(readFileSync(join(work, dir, path), "utf8"), path).toBe(POISON);
          }
        }),
        { numRuns: 3, endOnFailure: true },
      );
    } finally {
      await mg.close();
    }
  });

  it("refuses the special names of every platform, in any case and spelling, in any segment", () => {
    const known = [
      "/.git", "/.GIT/hooks/post-checkout", "/sub/.git/HEAD", "/git~1/config", "/.git./x", "/.git /x",
      "/.git::$INDEX_ALLOCATION/config", "/a\\.git/x", "/.gitmodules", "/sub/.GitModules", "/gitmod~1",
      "/.gitattributes", "/docs/.gitattributes", "/gitatt~1", "/.git\u200C/x", "/\uFEFF.gitattributes",
    ];
    for (const path of known) expect(accepted(path), path).toBe(false);
    fc.assert(
      fc.property(specialSpelling, fc.constantFrom("/", "/dir/", "/a/b/"), fc.constantFrom("", "/x.md"), (seg, before, after) => {
        expect(accepted(before + seg + after), before + seg + after).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses exactly the names git's fsck flags, and wider only on purpose (Unicode case, backslash pieces)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(segment, { minLength: 300, maxLength: 300 }), (segments) => {
        const names = segments.filter((s) => verdict("/" + s) !== "other");
        const flagged = flaggedByGit(names);
        expect(flagged.size).toBeGreaterThan(0);
        for (const name of names) {
          const refused = verdict("/" + name) === "git";
          // NTFS and APFS may fold ı and ſ onto ASCII where git does not; git on Windows refuses
          // any backslash, so refusing a .gitattributes piece after one costs nothing.
          if (flagged.has(name) || !/[ıſ\\]/.test(name)) expect(refused, JSON.stringify(name)).toBe(flagged.has(name));
        }
      }),
      { numRuns: 3, endOnFailure: true },
    );
  });
});
