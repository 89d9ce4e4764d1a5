import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { hashObject, serializeTree, parseTree, serializeCommit, parseCommit, EMPTY_TREE_OID } from "../src/model/gitObject.ts";
import { validateMemoryPath } from "../src/model/memoryPath.ts";
import { compareUtf8 } from "../src/model/utf8Order.ts";
import { formatVersionMessage, parseVersionMessage } from "../src/model/commitTrailers.ts";
import { InvalidInputError } from "../src/errors/index.ts";

describe("git object encoding", () => {
  it("hashes like git hash-object", () => {
    const out = execFileSync("git", ["hash-object", "--stdin"], { input: "hello\n" }).toString().trim();
    expect(hashObject("blob", Buffer.from("hello\n"))).toBe(out);
    expect(hashObject("tree", Buffer.alloc(0))).toBe(EMPTY_TREE_OID);
  });

  it("sorts tree entries as git does and round-trips", () => {
    const oid = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
    const tree = serializeTree([
      { mode: "100644", name: "a.b", oid },
      { mode: "40000", name: "a", oid: EMPTY_TREE_OID },
      { mode: "100644", name: "a-", oid },
    ]);
    expect(parseTree(tree).map((e) => e.name)).toEqual(["a-", "a.b", "a"]);
  });

  it("round-trips commits", () => {
    const sig = { name: "apikey_1", email: "api_actor@memgit", timestamp: 1700000000 };
    const c = { tree: EMPTY_TREE_OID, parents: [], author: sig, committer: sig, message: "x\n" };
    expect(parseCommit(serializeCommit(c))).toEqual(c);
  });
});

describe("memory paths", () => {
  const bad = ["", "a", "/", "/a//b", "/a/./b", "/a/../b", "/a\u0000", "/a\u200b", "/e\u0301", "/" + "x/".repeat(20) + "y", "/" + "x".repeat(1024)];
  it.each(bad)("rejects %j", (p) => expect(() => validateMemoryPath(p)).toThrow(InvalidInputError));
  it("accepts a normal path", () => expect(validateMemoryPath("/projects/foo/notes.md")).toEqual(["projects", "foo", "notes.md"]));
});

describe("utf-8 order", () => {
  it("orders astral characters after the BMP private area, as bytes do", () => {
    const a = "\u{1F600}";
    const b = "\uFFFD";
    expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });
});

describe("commit trailers", () => {
  it("round-trips a version record", () => {
    const v = {
      memoryId: "mem_x",
      operation: "modified" as const,
      path: "/a \"quoted\"/b.md",
      sha256: "0".repeat(64),
      sizeBytes: 3,
      actor: { type: "session_actor" as const, sessionId: "sesn_1" },
      createdAtMs: 1700000000123,
    };
    expect(parseVersionMessage(formatVersionMessage(v))).toEqual(v);
  });
});
