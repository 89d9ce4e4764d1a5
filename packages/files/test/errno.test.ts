// The one errno table, the slug rule and the client-side checks (pure; no mount needed).
import { describe, expect, it } from "vitest";
import { checkMemoryPath, decodeContent, ERRNO, ERRNO_TABLE, errnoFor, errnoNameFor, PosixError, slugForName, StoreClientError, toStorePath } from "../src/index.ts";
import { isScratchName } from "../src/fuse/Draft.ts";
import { isTempName } from "../src/fuse/TempHolds.ts";

const code = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe("errno table", () => {
  it("maps every store refusal to one errno", () => {
    expect(ERRNO_TABLE).toEqual({
      not_found: "ENOENT",
      precondition_failed: "EBUSY",
      path_conflict: "EEXIST",
      too_large: "EFBIG",
      invalid_path: "EINVAL",
      invalid_utf8: "EILSEQ",
      invalid_request: "EINVAL",
      limit_exceeded: "ENOSPC",
      read_only: "EROFS",
      permission_denied: "EACCES",
      unauthenticated: "EACCES",
      unavailable: "EIO",
      timeout: "ETIMEDOUT",
    });
    expect(errnoFor(new StoreClientError("too_large", "x"))).toBe(-27);
    expect(errnoFor(new PosixError("EROFS"))).toBe(-ERRNO.EROFS);
    expect(errnoFor(new Error("anything else"))).toBe(-ERRNO.EIO);
  });

  it("a conflict with an ancestor file is ENOTDIR, any other EEXIST", () => {
    const conflict = (p: string) => new StoreClientError("path_conflict", "x", { conflictingPath: p });
    expect(errnoNameFor(conflict("/a"), "/a/b.md")).toBe("ENOTDIR");
    expect(errnoNameFor(conflict("/a/b.md"), "/a/b.md")).toBe("EEXIST");
    expect(errnoNameFor(conflict("/a/b.md/c"), "/a/b.md")).toBe("EEXIST");
    expect(errnoNameFor(conflict("/ab"), "/a/b.md")).toBe("EEXIST");
  });
});

describe("client-side checks", () => {
  it("paths follow §6.1", () => {
    expect(code(() => checkMemoryPath("/a/b.md"))).toBe("ok");
    for (const bad of ["a.md", "/", "/a//b", "/a/", "/./a", "/a/../b", "/a\u0001", "/a\u200e", "/e\u0301", "/" + "x".repeat(1024), "/a".repeat(21)])
      expect(code(() => checkMemoryPath(bad)), bad).toBe("invalid_path");
  });

  it("content: at most 102,400 bytes of UTF-8", () => {
    expect(decodeContent(Buffer.from("héllo"))).toBe("héllo");
    expect(decodeContent(Buffer.from("\ufeffbom"))).toBe("\ufeffbom");
    expect(code(() => decodeContent(Buffer.alloc(102_401, 97)))).toBe("too_large");
    expect(code(() => decodeContent(Buffer.from([0xff, 0xfe])))).toBe("invalid_utf8");
  });

  it("memory-tool paths stay under /memories", () => {
    expect(toStorePath("/memories")).toBe("");
    expect(toStorePath("/memories/a/b.md")).toBe("/a/b.md");
    expect(code(() => toStorePath("/memories/../x"))).toBe("path_escape");
    expect(code(() => toStorePath("/memoriesx"))).toBe("invalid_path");
  });
});

describe("names", () => {
  it("slug rule of §10.3", () => {
    expect(slugForName("User Preferences", "memstore_1")).toBe("user-preferences");
    expect(slugForName("Demo Memory", "memstore_1")).toBe("demo-memory");
    expect(slugForName("(Notes)", "memstore_1")).toBe("notes");
    expect(slugForName("日本語", "memstore_1")).toBe("memstore_1");
  });

  it("editor scratch files", () => {
    for (const n of ["/.a.md.swp", "/d/.a.md.swo", "/.a.md.swx", "/4913", "/#a.md#"]) expect(isScratchName(n), n).toBe(true);
    for (const n of ["/a.md", "/swp", "/.swp", "/a.md~", "/49130", "/#a.md"]) expect(isScratchName(n), n).toBe(false);
  });

  it("temp files an atomic save renames over a memory (held at close, decision 0025)", () => {
    for (const n of ["/sedXD6cSj", "/d/tmpy7jfxmsy", "/tmp.AbCdEf1234", "/.tmpA1b2C3", "/a.md.tmp", "/.a.md.tmp", "/a.md.lock", "/a.md.new", "/x.TEMP"])
      expect(isTempName(n), n).toBe(true);
    for (const n of ["/sed.md", "/sedentary.md", "/sed-notes", "/tmp", "/tmp.md", "/notes/tmpfile.md", "/a.md", "/a.tmp.md", "/lock", "/news"]) expect(isTempName(n), n).toBe(false);
  });
});
