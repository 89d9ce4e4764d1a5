// Search in the engine (issue 13 §Search): literal and RE2 matching per line, case, prefix,
// paging by path, the past, and every acknowledged write before git has it.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isMemgitError, Memgit, type SearchQuery } from "../src/index.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_test" } as const;
const opened: Memgit[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

async function storeWith(files: Record<string, string>, opts: { dataDir?: string } = {}) {
  const mg = await Memgit.open(opts.dataDir ? { dataDir: opts.dataDir, checkpointQuietMs: 3_600_000 } : { memory: true });
  opened.push(mg);
  const store = await mg.createStore({ name: "s" });
  const ids: Record<string, string> = {};
  for (const [path, content] of Object.entries(files)) ids[path] = (await mg.createMemory(store.id, { path, content, actor })).memory.id;
  return { mg, storeId: store.id, ids };
}

/** path → [line, text] pairs of every hit on every page. */
async function search(mg: Memgit, storeId: string, q: SearchQuery): Promise<Array<[string, Array<[number, string]>]>> {
  const out: Array<[string, Array<[number, string]>]> = [];
  let cursor: string | null = null;
  do {
    const page = await mg.searchMemories(storeId, { ...q, cursor });
    for (const hit of page.items) out.push([hit.memory.path, hit.lines.map((l) => [l.line, l.text])]);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    return isMemgitError(err) ? `${err.code} ${(err.data as { field?: string }).field ?? ""}` : `untyped: ${(err as Error).message}`;
  }
}

const files = {
  "/prefs/editor.md": "# Editor\nprefers vim\nkeybindings: vim-style\n",
  "/prefs/theme.md": "dark theme\nVim colours: gruvbox",
  "/notes/b.md": "nothing here\n",
  "/notes/a.md": "vim at the end",
};

describe("searchMemories", () => {
  it("finds a literal in each line, case-sensitive by default, ranked by path, with 1-based line numbers", async () => {
    const { mg, storeId } = await storeWith(files);
    expect(await search(mg, storeId, { query: "vim" })).toEqual([
      ["/notes/a.md", [[1, "vim at the end"]]],
      ["/prefs/editor.md", [[2, "prefers vim"], [3, "keybindings: vim-style"]]],
    ]);
    expect((await search(mg, storeId, { query: "VIM", caseSensitive: false })).map(([p, l]) => [p, l.length])).toEqual([
      ["/notes/a.md", 1],
      ["/prefs/editor.md", 2],
      ["/prefs/theme.md", 1],
    ]);
    // Regex metacharacters in a literal are literal.
    expect(await search(mg, storeId, { query: "# E" })).toEqual([["/prefs/editor.md", [[1, "# Editor"]]]]);
    expect(await search(mg, storeId, { query: "v.m" })).toEqual([]);
  });

  it("takes RE2 regexes, with ^ and $ per line, and a path prefix", async () => {
    const { mg, storeId } = await storeWith(files);
    expect(await search(mg, storeId, { query: "^vim|vim$", regex: true })).toEqual([
      ["/notes/a.md", [[1, "vim at the end"]]],
      ["/prefs/editor.md", [[2, "prefers vim"]]],
    ]);
    expect(await search(mg, storeId, { query: "v.m-\\w+", regex: true, pathPrefix: "/prefs/" })).toEqual([
      ["/prefs/editor.md", [[3, "keybindings: vim-style"]]],
    ]);
    // Lines as grep numbers them: an empty line matches ^$, the final "\n" starts no line.
    const { mg: mg2, storeId: s2 } = await storeWith({ "/e.md": "a\n\nb\n", "/empty.md": "" });
    expect(await search(mg2, s2, { query: "^$", regex: true })).toEqual([["/e.md", [[2, ""]]]]);
    // A match only across a line break is no line's match.
    expect(await search(mg, storeId, { query: "Editor\\sprefers", regex: true })).toEqual([]);
  });

  it("pages by path: limit memories a page, a cursor to the next, none after the last", async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 7; i++) many[`/m/${i}.md`] = i % 2 ? "odd hit" : "even hit";
    const { mg, storeId } = await storeWith(many);
    const first = await mg.searchMemories(storeId, { query: "odd", limit: 2 });
    expect(first.items.map((h) => h.memory.path)).toEqual(["/m/1.md", "/m/3.md"]);
    const second = await mg.searchMemories(storeId, { query: "odd", limit: 2, cursor: first.nextCursor });
    expect(second.items.map((h) => h.memory.path)).toEqual(["/m/5.md"]);
    expect(second.nextCursor).toBeNull();
    expect(await code(mg.searchMemories(storeId, { query: "odd", cursor: "garbage" }))).toBe("InvalidInput page");
  });

  it("refuses bad input with InvalidInput naming the field", async () => {
    const { mg, storeId } = await storeWith(files);
    expect(await code(mg.searchMemories(storeId, { query: "(", regex: true }))).toBe("InvalidInput q");
    expect(await code(mg.searchMemories(storeId, { query: "(a)\\1", regex: true }))).toBe("InvalidInput q");
    expect(await code(mg.searchMemories(storeId, { query: "" }))).toBe("InvalidInput q");
    expect(await code(mg.searchMemories(storeId, { query: "a\nb" }))).toBe("InvalidInput q");
    expect(await code(mg.searchMemories(storeId, { query: "x".repeat(1001) }))).toBe("InvalidInput q");
    expect(await code(mg.searchMemories(storeId, { query: "x", pathPrefix: "prefs" }))).toBe("InvalidInput path_prefix");
    expect(await code(mg.searchMemories(storeId, { query: "x", limit: 0 }))).toBe("InvalidInput limit");
  });

  it("runs a catastrophic-backtracking pattern in linear time", async () => {
    const { mg, storeId } = await storeWith({ "/long.md": "a".repeat(50_000) + "b", "/short.md": "aaa" });
    // A backtracking engine takes 2^50000 steps on the first memory; RE2 reads it once.
    expect(await search(mg, storeId, { query: "(a+)+$", regex: true })).toEqual([["/short.md", [[1, "aaa"]]]]);
  });

  it("searches the store as it was at a point, leaving out what did not exist then", async () => {
    const { mg, storeId, ids } = await storeWith({ "/a.md": "old words" });
    const then = (await mg.getMemory(storeId, ids["/a.md"]!)).versionId;
    await mg.updateMemory(storeId, ids["/a.md"]!, { content: "new words", actor });
    await mg.createMemory(storeId, { path: "/b.md", content: "old too", actor });
    expect(await search(mg, storeId, { query: "old" })).toEqual([["/b.md", [[1, "old too"]]]]);
    expect(await search(mg, storeId, { query: "old", asOf: { asOf: then } })).toEqual([["/a.md", [[1, "old words"]]]]);
  });

  it("sees every acknowledged write on disk before native git does", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-search-"));
    const { mg, storeId, ids } = await storeWith({ "/a.md": "first draft" }, { dataDir });
    await mg.updateMemory(storeId, ids["/a.md"]!, { content: "second draft", actor });
    // No checkpoint for an hour: git's own grep does not find the acknowledged write yet.
    const gitDir = join(dataDir, "stores", `${storeId}.git`);
    expect(() => execFileSync("git", ["--git-dir", gitDir, "grep", "-l", "second", "main", "--"], { stdio: "pipe" })).toThrow();
    expect(await search(mg, storeId, { query: "draft" })).toEqual([["/a.md", [[1, "second draft"]]]]);
  });

  it("returns at most 100 lines a memory, each cut at 1000 characters, and counts them all", async () => {
    const long = "x".repeat(1010);
    const { mg, storeId } = await storeWith({ "/big.md": Array.from({ length: 101 }, () => long).join("\n") });
    const [hit] = (await mg.searchMemories(storeId, { query: "x" })).items;
    expect(hit!.lineCount).toBe(101);
    expect(hit!.lines).toHaveLength(100);
    expect(hit!.lines[0]).toEqual({ line: 1, text: "x".repeat(1000), truncated: true });
  });
});
