// Unit table for model/gitSpecialName.ts; test/engine/gitPaths.test.ts checks it against native git.
import { describe, expect, it } from "vitest";
import { gitSpecialName } from "../src/model/gitSpecialName.ts";

// Linux (any ASCII case), HFS+ (ignorable code points), NTFS (trailing dots and spaces, streams,
// 8.3 short names), pieces after a backslash, and letters whose upper case is ASCII (ı, ſ).
const spellings = {
  ".git": [".git", ".GIT", ".gIt", "git~1", "GIT~1", ".git.", ".git ", ".git . .", ".git::$INDEX_ALLOCATION", "git~1:x",
    ".g\u200Cit", "\uFEFF.git", ".git\u206F", ".gıt", "a\\.git", ".git\\x", "x\\git~1. "],
  ".gitmodules": [".gitmodules", ".GITMODULES", ".gitmodules..", ".gitmodules:$DATA", "gitmod~1", "GITMOD~4", "gi7eba~1",
    "gi7eb~12", "g~123456", "~1234567", ".gitmoduleſ", ".\u200Dgitmodules", "a\\gitmod~2"],
  ".gitattributes": [".gitattributes", ".GitAttributes ", "gitatt~3", "gi7d29~9", "gi7d2~10", ".gitattributeſ"],
};
// Plain files to git on every platform.
const plain = [".gitignore", ".mailmap", "gitign~1", "mailma~1", ".github", ".gitx", ".git-x", "x.git", "git", "git~2", "git~1x",
  ".gi", "gitmodules", ".gitmodulesx", "gitmod~5", "gitmod~0", "gi7eba~0", "gi7ebx~1", "~123456", "~0123456", "gi7eba~1x", ".gİt", "a\\b"];

describe("gitSpecialName", () => {
  const cases = Object.entries(spellings).flatMap(([special, names]) => names.map((n) => [n, special]));
  it.each([...cases, ...plain.map((n) => [n, null])])("%j → %s", (segment, special) => expect(gitSpecialName(segment!)).toBe(special));
});
