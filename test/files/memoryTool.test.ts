// memory_20250818 commands on a real store through betaMemoryTool(), verified through the API.
import { betaMemoryTool } from "@anthropic-ai/sdk/helpers/beta/memory";
import type { BetaMemoryTool20250818Command } from "@anthropic-ai/sdk/resources/beta";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryToolHandlers, MemoryToolError, type MemoryToolErrorCode } from "@memgit/files";
import { byPath, startStack, versions, type Stack } from "./stack.ts";

let stack: Stack;
let store: string;
let tool: ReturnType<typeof betaMemoryTool>;

beforeAll(async () => {
  stack = await startStack();
  store = await stack.newStore("Tool Store");
  tool = betaMemoryTool(memoryToolHandlers(stack.client, store));
});
afterAll(async () => {
  await stack?.close();
});

const run = (cmd: BetaMemoryTool20250818Command) => tool.run(cmd) as Promise<string>;
async function fails(cmd: BetaMemoryTool20250818Command, code: MemoryToolErrorCode) {
  const err = await run(cmd).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MemoryToolError);
  expect((err as MemoryToolError).code).toBe(code);
}

describe("commands", () => {
  it("create writes one created version at the mapped path", async () => {
    expect(await run({ command: "create", path: "/memories/notes/todo.md", file_text: "one\ntwo\nthree\n" })).toBe(
      "File created successfully at: /memories/notes/todo.md",
    );
    const m = await byPath(stack.sdk, store, "/notes/todo.md");
    expect(m?.content).toBe("one\ntwo\nthree\n");
    expect((await versions(stack.sdk, store, { memory_id: m!.id })).map((v) => v.operation)).toEqual(["created"]);
  });

  it("view shows a file with line numbers, a range, and a directory two levels deep", async () => {
    expect(await run({ command: "view", path: "/memories/notes/todo.md" })).toBe(
      "Here's the content of /memories/notes/todo.md with line numbers:\n     1\tone\n     2\ttwo\n     3\tthree\n     4\t",
    );
    expect(await run({ command: "view", path: "/memories/notes/todo.md", view_range: [2, 3] })).toBe(
      "Here's the content of /memories/notes/todo.md with line numbers:\n     2\ttwo\n     3\tthree",
    );
    await run({ command: "create", path: "/memories/a/b/c/deep.md", file_text: "x" });
    await run({ command: "create", path: "/memories/.hidden.md", file_text: "h" });
    const listing = await run({ command: "view", path: "/memories" });
    expect(listing.split("\n")[0]).toBe("Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:");
    const paths = listing.split("\n").slice(1).map((l) => l.split("\t")[1]);
    expect(paths).toEqual(["/memories", "/memories/a/", "/memories/a/b/", "/memories/notes/", "/memories/notes/todo.md"]);
  });

  it("str_replace edits one unique occurrence as one modified version", async () => {
    const out = await run({ command: "str_replace", path: "/memories/notes/todo.md", old_str: "two", new_str: "TWO" });
    expect(out).toContain("The memory file has been edited.");
    expect(out).toContain("     2\tTWO");
    const m = await byPath(stack.sdk, store, "/notes/todo.md");
    expect(m?.content).toBe("one\nTWO\nthree\n");
    expect((await versions(stack.sdk, store, { memory_id: m!.id })).map((v) => v.operation)).toEqual(["created", "modified"]);
  });

  it("insert adds a line after insert_line", async () => {
    expect(await run({ command: "insert", path: "/memories/notes/todo.md", insert_line: 1, insert_text: "one and a half\n" })).toBe(
      "The file /memories/notes/todo.md has been edited.",
    );
    expect((await byPath(stack.sdk, store, "/notes/todo.md"))?.content).toBe("one\none and a half\nTWO\nthree\n");
  });

  it("rename keeps the memory id; a directory rename moves every memory", async () => {
    const before = await byPath(stack.sdk, store, "/notes/todo.md");
    expect(await run({ command: "rename", old_path: "/memories/notes/todo.md", new_path: "/memories/notes/done.md" })).toBe(
      "Successfully renamed /memories/notes/todo.md to /memories/notes/done.md",
    );
    expect((await byPath(stack.sdk, store, "/notes/done.md"))?.id).toBe(before!.id);
    await run({ command: "rename", old_path: "/memories/a", new_path: "/memories/z" });
    expect((await byPath(stack.sdk, store, "/z/b/c/deep.md"))?.content).toBe("x");
  });

  it("delete removes a file, or a directory with everything under it", async () => {
    await run({ command: "create", path: "/memories/tmp/1.md", file_text: "1" });
    await run({ command: "create", path: "/memories/tmp/2.md", file_text: "2" });
    expect(await run({ command: "delete", path: "/memories/tmp" })).toBe("Successfully deleted /memories/tmp");
    expect(await byPath(stack.sdk, store, "/tmp/1.md")).toBeUndefined();
    await run({ command: "delete", path: "/memories/.hidden.md" });
    expect(await byPath(stack.sdk, store, "/.hidden.md")).toBeUndefined();
  });
});

describe("errors", () => {
  it("missing files", async () => {
    await fails({ command: "view", path: "/memories/nope.md" }, "not_found");
    await fails({ command: "str_replace", path: "/memories/nope.md", old_str: "a", new_str: "b" }, "not_found");
    await fails({ command: "insert", path: "/memories/nope.md", insert_line: 0, insert_text: "a" }, "not_found");
    await fails({ command: "delete", path: "/memories/nope.md" }, "not_found");
    await fails({ command: "rename", old_path: "/memories/nope.md", new_path: "/memories/other.md" }, "not_found");
  });

  it("str_replace with no match or an ambiguous match changes nothing", async () => {
    await run({ command: "create", path: "/memories/dup.md", file_text: "x\nx\n" });
    await fails({ command: "str_replace", path: "/memories/dup.md", old_str: "x", new_str: "y" }, "ambiguous_match");
    await fails({ command: "str_replace", path: "/memories/dup.md", old_str: "zzz", new_str: "y" }, "no_match");
    await fails({ command: "str_replace", path: "/memories/z", old_str: "x", new_str: "y" }, "not_a_file");
    expect((await byPath(stack.sdk, store, "/dup.md"))?.content).toBe("x\nx\n");
  });

  it("create over an existing file, rename onto one, and invalid lines are refused", async () => {
    await fails({ command: "create", path: "/memories/dup.md", file_text: "again" }, "already_exists");
    await run({ command: "create", path: "/memories/other.md", file_text: "o" });
    await fails({ command: "rename", old_path: "/memories/other.md", new_path: "/memories/dup.md" }, "already_exists");
    await fails({ command: "insert", path: "/memories/dup.md", insert_line: 99, insert_text: "a" }, "invalid_line");
    await fails({ command: "view", path: "/memories/dup.md", view_range: [5, 9] }, "invalid_line");
  });

  it("path escapes and invalid paths never reach the store", async () => {
    const count = (await versions(stack.sdk, store)).length;
    await fails({ command: "create", path: "/memories/../x.md", file_text: "x" }, "path_escape");
    await fails({ command: "create", path: "/memories/a/../../x.md", file_text: "x" }, "path_escape");
    await fails({ command: "view", path: "/etc/passwd" }, "invalid_path");
    await fails({ command: "create", path: "/memoriesx/a.md", file_text: "x" }, "invalid_path");
    await fails({ command: "create", path: "/memories/a//b.md", file_text: "x" }, "invalid_path");
    await fails({ command: "create", path: "/memories/bad\u0001.md", file_text: "x" }, "invalid_path");
    await fails({ command: "create", path: "/memories/e\u0301.md", file_text: "x" }, "invalid_path");
    await fails({ command: "rename", old_path: "/memories/dup.md", new_path: "/memories/./d.md" }, "path_escape");
    await fails({ command: "delete", path: "/memories" }, "root_protected");
    await fails({ command: "rename", old_path: "/memories", new_path: "/memories/x" }, "root_protected");
    expect(await versions(stack.sdk, store)).toHaveLength(count);
  });

  it("content over 102,400 bytes is refused", async () => {
    await fails({ command: "create", path: "/memories/big.md", file_text: "a".repeat(102_401) }, "refused");
    expect(await byPath(stack.sdk, store, "/big.md")).toBeUndefined();
  });

  it("a path occupied by a file's directory conflicts", async () => {
    await fails({ command: "create", path: "/memories/dup.md/child.md", file_text: "x" }, "already_exists");
  });
});
