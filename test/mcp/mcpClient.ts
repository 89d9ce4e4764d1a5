// The MCP SDK's own client against memgit's MCP server: over Streamable HTTP at /mcp of a
// real server, or over stdio by spawning `memgit mcp` (the CLI's dispatcher, as a user runs it).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const repo = new URL("../../", import.meta.url).pathname;

export async function httpClient(baseURL: string, credential: string, query = ""): Promise<Client> {
  const client = new Client({ name: "memgit-test", version: "0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${baseURL}/mcp${query}`), { requestInit: { headers: { "x-api-key": credential } } });
  await client.connect(transport);
  return client;
}

export async function stdioClient(baseURL: string, credential: string, args: string[]): Promise<{ client: Client; stderr: () => string }> {
  const client = new Client({ name: "memgit-test", version: "0" });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", "packages/cli/src/main.ts", "mcp", ...args],
    cwd: repo,
    env: { ...env, MEMGIT_URL: baseURL, MEMGIT_API_KEY: credential },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (d) => (stderr += d));
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** A tool call's text and whether it was a tool error. */
export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const res = await client.callTool({ name, arguments: args });
  const content = res.content as Array<{ type: string; text?: string }>;
  return { text: content.map((c) => c.text ?? "").join("\n"), isError: res.isError === true };
}
