// memgit's own tools beside the memory commands: search (the server's search route), a
// memory's history (its versions) and restore (a memory back to a version or a point in time,
// as a new version). Paths are `/memories/...` as in the memory tool.
import type Anthropic from "@anthropic-ai/sdk";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { toStorePath, type StoreClient } from "@memgit/files";
import { z } from "zod";
import { findMemory } from "./findMemory.ts";
import type { McpStore } from "./McpStore.ts";
import { pickStore } from "./pickStore.ts";
import { storeArgument } from "./storeArgument.ts";
import { explained } from "./toolErrorMessage.ts";

interface SearchPage {
  data: Array<{ memory: { path: string }; lines: Array<{ line_number: number; text: string }>; line_count: number }>;
  next_page: string | null;
}

const text = (s: string) => ({ content: [{ type: "text" as const, text: s }] });
const enc = encodeURIComponent;
const shown = (storePath: string) => `/memories${storePath}`;

export function registerHistoryTools(server: McpServer, sdk: Anthropic, client: StoreClient, stores: readonly McpStore[]): void {
  server.registerTool(
    "search",
    {
      description:
        "Finds the lines of memory files that contain a text (or match an RE2 regular expression), memories in path order. " +
        "Prints PATH:LINE:TEXT per matching line. Can search the store as it was at a past point (as_of).",
      inputSchema: {
        query: z.string().min(1).describe("Text to find in a line; a regular expression (RE2 syntax) when regex is true"),
        regex: z.boolean().optional().describe("Treat query as an RE2 regular expression (default false)"),
        case_sensitive: z.boolean().optional().describe("Default true"),
        path: z.string().optional().describe("Only files in this directory, e.g. /memories/projects (default /memories)"),
        as_of: z.string().optional().describe("Search the store as it was then: an RFC 3339 time, a memver_ version id or a checkpoint name"),
        limit: z.number().int().min(1).max(100).optional().describe("Memories per answer (default 20)"),
        page: z.string().optional().describe("The page token a previous search answered, to continue it"),
        ...storeArgument(stores, false),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      explained(async () => {
        const store = pickStore(stores, a.store, false);
        const dir = a.path === undefined ? "" : toStorePath(a.path);
        const query: Record<string, string> = { q: a.query, path_prefix: `${dir}/` };
        if (a.regex) query.regex = "true";
        if (a.case_sensitive === false) query.case_sensitive = "false";
        if (a.as_of !== undefined) query.as_of = a.as_of;
        if (a.limit !== undefined) query.limit = String(a.limit);
        if (a.page !== undefined) query.page = a.page;
        const res: SearchPage = await sdk.get(`/v1/memory_stores/${enc(store.id)}/search`, { query });
        if (res.data.length === 0) return text(`No memory file has a line matching ${JSON.stringify(a.query)}.`);
        const lines = res.data.flatMap((h) => [
          ...h.lines.map((l) => `${shown(h.memory.path)}:${l.line_number}:${l.text}`),
          ...(h.line_count > h.lines.length ? [`${shown(h.memory.path)}: ${h.line_count - h.lines.length} more matching line(s)`] : []),
        ]);
        if (res.next_page) lines.push(`More files match: call search again with the same arguments and page "${res.next_page}".`);
        return text(lines.join("\n"));
      }),
  );

  server.registerTool(
    "history",
    {
      description:
        "Lists a memory file's versions, newest first: version id, time, operation, path and who wrote it. " +
        "Works for deleted files too. Pass a version id to restore to bring one back.",
      inputSchema: {
        path: z.string().describe("The file, starting with /memories"),
        limit: z.number().int().min(1).max(100).optional().describe("Versions to show (default 20)"),
        ...storeArgument(stores, false),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      explained(async () => {
        const store = pickStore(stores, a.store, false);
        const memory = await findMemory(sdk, client, store.id, a.path);
        const page = await sdk.beta.memoryStores.memoryVersions.list(store.id, { memory_id: memory.id, limit: a.limit ?? 20 });
        const rows = page.data.map((v) => {
          const by = v.created_by ? Object.values(v.created_by).filter((x) => x !== v.created_by!.type)[0] ?? v.created_by.type : "unknown";
          const where = v.redacted_at ? "(redacted)" : v.path ? shown(v.path) : "";
          return `${v.id}\t${v.created_at}\t${v.operation}\t${where}\t${v.content_size_bytes ?? "-"} bytes\tby ${by}`;
        });
        const head = `${a.path}${memory.live ? "" : " (deleted)"}: ${rows.length} version(s), newest first${page.hasNextPage() ? " (older ones not shown)" : ""}`;
        return text([head, ...rows].join("\n"));
      }),
  );

  if (stores.every((s) => s.readOnly)) return;
  server.registerTool(
    "restore",
    {
      description:
        "Brings a memory file back to an earlier version (from history) or to how it was at a point in time, as a new version; " +
        "a deleted file comes back at its old path. Nothing in the history is lost.",
      inputSchema: {
        path: z.string().describe("The file, starting with /memories"),
        version_id: z.string().optional().describe("A memver_ id from history"),
        as_of: z.string().optional().describe("Instead of version_id: an RFC 3339 time or a checkpoint name"),
        ...storeArgument(stores, true),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    (a) =>
      explained(async () => {
        if ((a.version_id === undefined) === (a.as_of === undefined)) throw new Error("Pass exactly one of version_id or as_of.");
        const store = pickStore(stores, a.store, true);
        const memory = await findMemory(sdk, client, store.id, a.path);
        const body = a.version_id !== undefined ? { version_id: a.version_id } : { as_of: a.as_of };
        const before = memory.live ? (await client.read(store.id, memory.id)).entry.versionId : null;
        const m: { path: string; memory_version_id: string } = await sdk.post(`/v1/memory_stores/${enc(store.id)}/memories/${enc(memory.id)}/restore`, { body });
        if (m.memory_version_id === before) return text(`${shown(m.path)} already was as asked; no version was written.`);
        return text(`Restored ${shown(m.path)}: it is now version ${m.memory_version_id}.`);
      }),
  );
}
