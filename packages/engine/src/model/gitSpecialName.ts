// Names git reads as its own rather than as a plain file, on any platform a clone may land on
// (docs/decisions/0004-git-special-paths.md). Mirrors git's verify_path (read-cache.c),
// is_ntfs_dotgit* (path.c), is_hfs_dotgit* (utf8.c) and fsck_tree (fsck.c), a little wider:
// case is folded over all of Unicode, as NTFS's and APFS's case-insensitive lookups may.

export type GitSpecialName = ".git" | ".gitmodules" | ".gitattributes";

// HFS+ ignores these code points when comparing names (utf8.c next_hfs_char).
const HFS_IGNORABLE = /[\u200C-\u200F\u202A-\u202E\u206A-\u206F\uFEFF]/gu;

// NTFS trims trailing dots and spaces, and `name:stream` opens an alternate data stream of `name`.
const NTFS_TAIL = "[. ]*(?::|$)";

const DOT_GIT = new RegExp(`^(?:\\.git|git~1)${NTFS_TAIL}`);

/**
 * `.name`, its NTFS short name (first six letters, `~1`..`~4`), or a fall-back short name: up to
 * six letters of `hashPrefix` (git's fixed hash of the name), `~`, then digits to eight characters.
 */
function dotNameRule(name: string, hashPrefix: string): RegExp {
  const fallback = Array.from({ length: 7 }, (_, k) => `${hashPrefix.slice(0, k)}~[1-9]\\d{${6 - k}}`);
  return new RegExp(`^(?:\\.${name}|${name.slice(0, 6)}~[1-4]|${fallback.join("|")})${NTFS_TAIL}`);
}

const RULES: [GitSpecialName, RegExp][] = [
  [".git", DOT_GIT],
  [".gitmodules", dotNameRule("gitmodules", "gi7eba")],
  [".gitattributes", dotNameRule("gitattributes", "gi7d29")],
];

/** The git file `segment` (one path segment) stands for on Linux, macOS or Windows, or null. */
export function gitSpecialName(segment: string): GitSpecialName | null {
  // git on NTFS splits names at backslashes too, and fsck checks every piece.
  for (const piece of segment.split("\\")) {
    const folded = piece.replace(HFS_IGNORABLE, "").toUpperCase().toLowerCase();
    for (const [special, rule] of RULES) if (rule.test(folded)) return special;
  }
  return null;
}
