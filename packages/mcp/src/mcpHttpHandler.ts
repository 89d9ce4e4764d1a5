// MCP over Streamable HTTP, stateless: each POST builds the server for the caller's
// credential and stores and answers in JSON; nothing is kept between requests, so a revoked
// key or an ended session stops working at once (docs/decisions/0066).
import type { IncomingMessage, ServerResponse } from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createMemgitMcpServer } from "./memgitMcpServer.ts";
import { resolveStores, type StoreSelection } from "./McpStore.ts";
import { toolErrorMessage } from "./toolErrorMessage.ts";

export interface McpHttpCall {
  /** The memgit API the tools call (the server itself, on loopback). */
  apiURL: string;
  /** The caller's key or session token: every tool call is made with it, so scoped like the API. */
  credential: string;
  selection: StoreSelection;
}

const jsonRpcError = (res: ServerResponse, status: number, code: number, message: string) => {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
};

/** Answers one MCP request; `body` is the raw request body (already read). */
export async function handleMcpHttp(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, call: McpHttpCall): Promise<void> {
  if (req.method !== "POST") return jsonRpcError(res, 405, -32000, "Method not allowed: this MCP endpoint is stateless, POST only");
  let parsed: unknown;
  try {
    parsed = JSON.parse((body ?? Buffer.alloc(0)).toString("utf8"));
  } catch {
    return jsonRpcError(res, 400, -32700, "Parse error: the body is not JSON");
  }
  const sdk = new Anthropic({ apiKey: call.credential, baseURL: call.apiURL, maxRetries: 0 });
  let stores;
  try {
    stores = await resolveStores(sdk, call.selection);
  } catch (err) {
    // A store named in the URL that the credential cannot see: the API's own answer.
    const status = (err as { status?: unknown }).status;
    return jsonRpcError(res, typeof status === "number" && status >= 400 && status < 500 ? status : 502, -32000, toolErrorMessage(err));
  }
  const server = createMemgitMcpServer(sdk, stores);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, parsed);
}
