// The memory_20250818 commands as MCP tools, answered by @memgit/files' memoryToolHandlers,
// so a model sees the same text as through the SDK's betaMemoryTool(). Paths are
// `/memories/...` in the chosen store. Write tools exist only when some store is writable.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { memoryToolHandlers, type StoreClient } from "@memgit/files";
import { z } from "zod";
import type { McpStore } from "./McpStore.ts";
import { pickStore } from "./pickStore.ts";
import { storeArgument } from "./storeArgument.ts";
import { explained } from "./toolErrorMessage.ts";

type Handlers = ReturnType<typeof memoryToolHandlers>;

const text = (out: unknown) => ({ content: [{ type: "text" as const, text: typeof out === "string" ? out : JSON.stringify(out) }] });
const toolPath = (what: string) => z.string().describe(`${what}, starting with /memories (e.g. /memories/prefs/editor.md)`);

export function registerMemoryTools(server: McpServer, client: StoreClient, stores: readonly McpStore[]): void {
  const handlers = (storeArg: string | undefined, forWrite: boolean): Handlers => memoryToolHandlers(client, pickStore(stores, storeArg, forWrite).id);
  const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  const write = { readOnlyHint: false, openWorldHint: false };

  server.registerTool(
    "view",
    {
      description: "Shows a memory file's content with line numbers, or lists a directory of the memory store two levels deep.",
      inputSchema: {
        path: toolPath("File or directory"),
        view_range: z.tuple([z.number().int(), z.number().int()]).optional().describe("[first line, last line] to show; -1 for the last line of the file"),
        ...storeArgument(stores, false),
      },
      annotations: readOnly,
    },
    ({ store, ...cmd }) => explained(async () => text(await handlers(store, false).view({ command: "view", ...cmd }))),
  );

  if (stores.every((s) => s.readOnly)) return;
  const w = storeArgument(stores, true);

  server.registerTool(
    "create",
    {
      description: "Creates a new memory file with the given text. Fails if the file already exists.",
      inputSchema: { path: toolPath("File to create"), file_text: z.string().describe("The file's content"), ...w },
      annotations: { ...write, destructiveHint: false },
    },
    ({ store, ...cmd }) => explained(async () => text(await handlers(store, true).create({ command: "create", ...cmd }))),
  );

  server.registerTool(
    "str_replace",
    {
      description: "Replaces the one occurrence of old_str in a memory file with new_str. Fails when old_str occurs zero or several times.",
      inputSchema: { path: toolPath("File to edit"), old_str: z.string().describe("Text to replace, verbatim and unique in the file"), new_str: z.string().describe("Replacement text"), ...w },
      annotations: { ...write, destructiveHint: true },
    },
    ({ store, ...cmd }) => explained(async () => text(await handlers(store, true).str_replace({ command: "str_replace", ...cmd }))),
  );

  server.registerTool(
    "insert",
    {
      description: "Inserts text after the given line of a memory file (0 inserts at the top).",
      inputSchema: { path: toolPath("File to edit"), insert_line: z.number().int().describe("Line after which to insert (0: before the first)"), insert_text: z.string().describe("Text to insert"), ...w },
      annotations: { ...write, destructiveHint: false },
    },
    ({ store, ...cmd }) => explained(async () => text(await handlers(store, true).insert({ command: "insert", ...cmd }))),
  );

  server.registerTool(
    "delete",
    {
      description: "Deletes a memory file, or a directory with every file in it. Earlier versions stay in the history (see history and restore).",
      inputSchema: { path: toolPath("File or directory to delete"), ...w },
      annotations: { ...write, destructiveHint: true },
    },
    ({ store, ...cmd }) => explained(async () => text(await handlers(store, true).delete({ command: "delete", ...cmd }))),
  );

  server.registerTool(
    "rename",
    {
      description: "Renames or moves a memory file or directory. Fails if the destination exists.",
      inputSchema: { old_path: toolPath("Current path"), new_path: toolPath("New path"), ...w },
      annotations: { ...write, destructiveHint: false },
    },
    ({ store, ...cmd }) => explained(async () => text(await handlers(store, true).rename({ command: "rename", ...cmd }))),
  );
}
