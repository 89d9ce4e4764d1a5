// Every tool and every error path, the same over both transports (issue 13 §An MCP server).
import type Anthropic from "@anthropic-ai/sdk";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect } from "vitest";
import { call } from "./mcpClient.ts";

export const WRITE_TOOLS = ["create", "delete", "insert", "rename", "restore", "str_replace"];
export const READ_TOOLS = ["history", "search", "view"];

/** Runs every tool, then every refusal, on a client serving exactly `storeId` (read-write). */
export async function everyTool(client: Client, sdk: Anthropic, storeId: string): Promise<void> {
  const tools = (await client.listTools()).tools;
  expect(tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
  for (const t of tools) expect(t.inputSchema.type).toBe("object");
  expect(tools.find((t) => t.name === "str_replace")!.inputSchema.required).toEqual(expect.arrayContaining(["path", "old_str", "new_str"]));

  const ok = async (name: string, args: Record<string, unknown>) => {
    const r = await call(client, name, args);
    expect(r.isError, `${name}: ${r.text}`).toBe(false);
    return r.text;
  };
  expect(await ok("create", { path: "/memories/prefs/editor.md", file_text: "prefers vim\nfont: mono\n" })).toBe("File created successfully at: /memories/prefs/editor.md");
  expect(await ok("view", { path: "/memories/prefs/editor.md" })).toBe("Here's the content of /memories/prefs/editor.md with line numbers:\n     1\tprefers vim\n     2\tfont: mono\n     3\t");
  expect(await ok("view", { path: "/memories/prefs/editor.md", view_range: [2, 2] })).toContain("     2\tfont: mono");
  expect(await ok("view", { path: "/memories" })).toContain("/memories/prefs/editor.md");
  expect(await ok("str_replace", { path: "/memories/prefs/editor.md", old_str: "vim", new_str: "helix" })).toContain("prefers helix");
  expect(await ok("insert", { path: "/memories/prefs/editor.md", insert_line: 0, insert_text: "# Editor" })).toBe("The file /memories/prefs/editor.md has been edited.");
  expect(await ok("search", { query: "HELIX", case_sensitive: false })).toBe("/memories/prefs/editor.md:2:prefers helix");
  expect(await ok("search", { query: "^font: \\w+$", regex: true, path: "/memories/prefs" })).toBe("/memories/prefs/editor.md:3:font: mono");
  expect(await ok("search", { query: "emacs" })).toBe('No memory file has a line matching "emacs".');
  expect(await ok("rename", { old_path: "/memories/prefs", new_path: "/memories/settings" })).toBe("Successfully renamed /memories/prefs to /memories/settings");

  const history = await ok("history", { path: "/memories/settings/editor.md" });
  const versions = [...history.matchAll(/memver_[0-9a-f]{40}/g)].map((m) => m[0]);
  expect(history.split("\n")[0]).toBe("/memories/settings/editor.md: 4 version(s), newest first");
  expect(history).toMatch(/\tcreated\t\/memories\/prefs\/editor\.md\t/);
  const first = versions[versions.length - 1]!;
  expect(await ok("restore", { path: "/memories/settings/editor.md", version_id: first })).toMatch(/^Restored \/memories\/prefs\/editor\.md: it is now version memver_/);
  expect(await ok("restore", { path: "/memories/prefs/editor.md", version_id: first })).toBe("/memories/prefs/editor.md already was as asked; no version was written.");
  expect(await ok("delete", { path: "/memories/prefs/editor.md" })).toBe("Successfully deleted /memories/prefs/editor.md");
  expect(await ok("history", { path: "/memories/prefs/editor.md" })).toMatch(/^\/memories\/prefs\/editor\.md \(deleted\): 6 version\(s\)/);
  expect(await ok("restore", { path: "/memories/prefs/editor.md", version_id: first })).toMatch(/^Restored \/memories\/prefs\/editor\.md/);
  expect((await sdk.beta.memoryStores.memories.list(storeId, { view: "full" })).data).toEqual([
    expect.objectContaining({ path: "/prefs/editor.md", content: "prefers vim\nfont: mono\n" }),
  ]);

  // Resources: every memory as memgit://STORE/path.
  const uri = `memgit://${storeId}/prefs/editor.md`;
  expect((await client.listResources()).resources).toEqual([expect.objectContaining({ uri, mimeType: "text/markdown" })]);
  expect((await client.readResource({ uri })).contents).toEqual([{ uri, mimeType: "text/markdown", text: "prefers vim\nfont: mono\n" }]);
  await expect(client.readResource({ uri: `memgit://${storeId}/nope.md` })).rejects.toThrow(/No memory at \/nope\.md/);
  await expect(client.readResource({ uri: "memgit://memstore_other/x.md" })).rejects.toThrow(/No attached memory store/);

  // Every refusal is a tool error with a message the model can act on; nothing crashes.
  const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
    ["view", { path: "/memories/missing.md" }, /^The path \/memories\/missing\.md does not exist/],
    ["view", { path: "/etc/passwd" }, /^Path must start with \/memories/],
    ["view", { path: "/memories/../x" }, /would escape \/memories/],
    ["view", { path: "/memories/prefs/editor.md", view_range: [9, 10] }, /^Invalid view_range/],
    ["view", {}, /Input validation error/],
    ["create", { path: "/memories/prefs/editor.md", file_text: "x" }, /^File \/memories\/prefs\/editor\.md already exists/],
    ["create", { path: "/memories", file_text: "x" }, /^Cannot create a file at \/memories itself/],
    ["create", { path: "/memories/big.md", file_text: "x".repeat(102_401) }, /a memory holds at most 102400/],
    ["create", { path: "/memories/prefs", file_text: "x" }, /^The destination \/memories\/prefs already exists or conflicts with \/prefs\/editor\.md/],
    ["insert", { path: "/memories/prefs/editor.md", insert_line: 0, insert_text: "x".repeat(102_400) }, /^The result would be 102\d+ bytes; a memory holds at most 102400/],
    ["str_replace", { path: "/memories/prefs/editor.md", old_str: "emacs", new_str: "x" }, /did not appear verbatim/],
    ["str_replace", { path: "/memories/prefs/editor.md", old_str: "o", new_str: "0" }, /Multiple occurrences/],
    ["str_replace", { path: "/memories/prefs", old_str: "a", new_str: "b" }, /is not a file/],
    ["insert", { path: "/memories/prefs/editor.md", insert_line: 99, insert_text: "x" }, /^Invalid `insert_line` parameter: 99/],
    ["insert", { path: "/memories/prefs/editor.md", insert_line: "one", insert_text: "x" }, /Input validation error/],
    ["delete", { path: "/memories/missing.md" }, /does not exist/],
    ["delete", { path: "/memories" }, /^Cannot delete the \/memories directory itself/],
    ["rename", { old_path: "/memories/missing.md", new_path: "/memories/x.md" }, /does not exist/],
    ["rename", { old_path: "/memories/prefs/editor.md", new_path: "/memories/prefs/editor.md" }, /^Cannot rename/],
    ["search", { query: "(", regex: true }, /^The memory server answered 400: q: is not a valid regular expression/],
    ["search", { query: "" }, /Input validation error/],
    ["search", { query: "x", as_of: "not a point" }, /^The memory server answered 400: /],
    ["search", { query: "x", page: "page_bogus" }, /^The memory server answered 400: page/],
    ["history", { path: "/memories/never.md" }, /^The path \/memories\/never\.md does not exist and no recent version had it/],
    ["history", { path: "/memories" }, /root directory/],
    ["restore", { path: "/memories/prefs/editor.md" }, /^Pass exactly one of version_id or as_of/],
    ["restore", { path: "/memories/prefs/editor.md", version_id: first, as_of: "2020-01-01T00:00:00Z" }, /^Pass exactly one/],
    ["restore", { path: "/memories/prefs/editor.md", version_id: `memver_${"0".repeat(40)}` }, /^The memory server answered 404/],
    ["restore", { path: "/memories/prefs/editor.md", as_of: "1999-01-01T00:00:00Z" }, /^The memory server answered 400: .*must not be before/],
    ["view", { path: "/memories", store: "memstore_nope" }, /^No attached memory store is called "memstore_nope"/],
  ];
  for (const [name, args, message] of refusals) {
    const r = await call(client, name, args);
    expect(r.isError, `${name} ${JSON.stringify(args).slice(0, 80)} answered ${r.text}`).toBe(true);
    expect(r.text, name).toMatch(message);
  }
  // Still serving after every refusal, and nothing changed.
  expect(await ok("view", { path: "/memories/prefs/editor.md" })).toContain("prefers vim");
  expect((await sdk.beta.memoryStores.memories.list(storeId)).data.map((m) => m.path)).toEqual(["/prefs/editor.md"]);
}
