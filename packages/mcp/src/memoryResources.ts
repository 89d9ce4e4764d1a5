// Every memory of every served store as an MCP resource `memgit://STORE_ID/path`, listed
// and readable (its current content).
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { StoreClient } from "@memgit/files";
import type { McpStore } from "./McpStore.ts";
import { toolErrorMessage } from "./toolErrorMessage.ts";

export const resourceUri = (storeId: string, path: string) => `memgit://${storeId}${path}`;
const mimeType = (path: string) => (path.endsWith(".md") ? "text/markdown" : "text/plain");

export function registerMemoryResources(server: McpServer, client: StoreClient, stores: readonly McpStore[]): void {
  const template = new ResourceTemplate("memgit://{store}/{+path}", {
    list: async () => {
      const resources = [];
      for (const s of stores) {
        for (const e of await client.list(s.id)) resources.push({ uri: resourceUri(s.id, e.path), name: `${s.slug}${e.path}`, mimeType: mimeType(e.path), size: e.size });
      }
      return { resources };
    },
  });
  server.registerResource("memory", template, { description: "A memory file of an attached memgit store", mimeType: "text/markdown" }, async (uri, vars) => {
    const store = stores.find((s) => s.id === vars.store);
    if (!store) throw new Error(`No attached memory store has the id ${String(vars.store)}`);
    const path = `/${String(vars.path)}`;
    let content: string;
    try {
      const entry = (await client.list(store.id)).find((e) => e.path === path);
      if (!entry) throw new Error(`No memory at ${path} in ${store.slug}`);
      content = (await client.read(store.id, entry.id)).content;
    } catch (err) {
      throw new Error(toolErrorMessage(err), { cause: err });
    }
    return { contents: [{ uri: uri.href, mimeType: mimeType(path), text: content }] };
  });
}
