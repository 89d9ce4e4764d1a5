// The MCP server on this process's stdin/stdout (`memgit mcp`).
import type Anthropic from "@anthropic-ai/sdk";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMemgitMcpServer } from "./memgitMcpServer.ts";
import type { McpStore } from "./McpStore.ts";

export async function serveStdio(sdk: Anthropic, stores: readonly McpStore[]): Promise<{ close(): Promise<void> }> {
  const server = createMemgitMcpServer(sdk, stores);
  await server.connect(new StdioServerTransport());
  return { close: () => server.close() };
}
