// @memgit/mcp: an MCP server over memgit stores (issue 13 §An MCP server), for stdio
// (`memgit mcp`) and Streamable HTTP (`/mcp` on the memgit server).
export { createMemgitMcpServer, MCP_SERVER_NAME, MCP_SERVER_VERSION } from "./memgitMcpServer.ts";
export { resolveStores, type McpStore, type StoreSelection } from "./McpStore.ts";
export { handleMcpHttp, type McpHttpCall } from "./mcpHttpHandler.ts";
export { resourceUri } from "./memoryResources.ts";
export { serveStdio } from "./serveStdio.ts";
