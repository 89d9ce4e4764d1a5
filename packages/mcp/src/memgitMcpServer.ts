// One MCP server over memgit stores reached through the HTTP API with one credential: the
// memory tool's commands, search, history, restore, and the memories as resources. The same
// server runs over stdio (`memgit mcp`) and Streamable HTTP (`/mcp` on the memgit server).
import type Anthropic from "@anthropic-ai/sdk";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { httpStoreClient } from "@memgit/files";
import { registerHistoryTools } from "./historyTools.ts";
import type { McpStore } from "./McpStore.ts";
import { registerMemoryResources } from "./memoryResources.ts";
import { registerMemoryTools } from "./memoryTools.ts";

export const MCP_SERVER_NAME = "memgit";
export const MCP_SERVER_VERSION = "0.1.0";

export function createMemgitMcpServer(sdk: Anthropic, stores: readonly McpStore[]): McpServer {
  const server = new McpServer(
    { name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION },
    {
      instructions:
        `Memory: ${stores.length} memgit store(s), ${stores.map((s) => `${s.slug}${s.readOnly ? " (read-only)" : ""}`).join(", ")}. ` +
        "Files live under /memories; view /memories first. Every change is kept as a version: history lists them, restore brings one back.",
    },
  );
  const client = httpStoreClient(sdk);
  registerMemoryTools(server, client, stores);
  registerHistoryTools(server, sdk, client, stores);
  registerMemoryResources(server, client, stores);
  return server;
}
