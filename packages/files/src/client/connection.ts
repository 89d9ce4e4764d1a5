// How every client command of the CLI finds its server: --url / MEMGIT_URL (default the local
// server), --key / MEMGIT_API_KEY (an API key or a session token).
import type Anthropic from "@anthropic-ai/sdk";
import { sdkClient } from "./httpStoreClient.ts";

/** `memgit serve`'s default address (server DEFAULT_HOST:DEFAULT_PORT; a test keeps them equal). */
export const DEFAULT_SERVER_URL = "http://127.0.0.1:4080";

export interface Connection {
  url: string;
  key: string;
}

export function connectionFrom(
  values: { url?: string | undefined; key?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Connection {
  const url = values.url ?? env.MEMGIT_URL ?? DEFAULT_SERVER_URL;
  const key = values.key ?? env.MEMGIT_API_KEY;
  if (!key) throw new Error("no credential: pass --key or set MEMGIT_API_KEY (an API key or a session token)");
  return { url, key };
}

export function connect(c: Connection): Anthropic {
  return sdkClient({ baseURL: c.url, apiKey: c.key });
}
