// memgit servers on disk for the import/export tests, each with its own data directory and
// admin key, reached through the official SDK. Bundles travel as bytes: `exportBundle` reads
// GET …/export, `importBundle` sends POST /v1/memory_stores/import (a Buffer body with its own
// content-type, which the SDK passes through as is).
import Anthropic from "@anthropic-ai/sdk";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer, type ServerOptions } from "@memgit/server";

export const BUNDLE_TYPE = "application/x-git-bundle";

export interface DiskServer {
  server: RunningServer;
  dataDir: string;
  key: string;
  client: Anthropic;
  clientFor(key: string): Anthropic;
  close(): Promise<void>;
}

export async function diskServer(options: Partial<ServerOptions> = {}, dataDir = mkdtempSync(join(tmpdir(), "memgit-import-"))): Promise<DiskServer> {
  const key = `sk-memgit-import-test-${Math.random().toString(36).slice(2)}`;
  const server = await startServer({ dataDir, port: 0, logger: false, bootstrapKey: key, ...options });
  const clientFor = (k: string) => new Anthropic({ apiKey: k, baseURL: server.url, maxRetries: 0 });
  return { server, dataDir, key, client: clientFor(key), clientFor, close: () => server.close() };
}

export async function exportBundle(client: Anthropic, storeId: string): Promise<Buffer> {
  const res = await client.get(`/v1/memory_stores/${storeId}/export`).asResponse();
  return Buffer.from(await res.arrayBuffer());
}

export interface WireStore {
  id: string;
  name: string;
  archived_at: string | null;
}

export function importBundle(client: Anthropic, bundle: Uint8Array, query: Record<string, string> = {}): Promise<WireStore> {
  return client.post("/v1/memory_stores/import", { body: bundle, query, headers: { "content-type": BUNDLE_TYPE } });
}

/** The rejection of `p` as the SDK's APIError (fails the test when it resolves). */
export async function apiError(p: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError> & { error: { error: { type: string; message: string } } }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Anthropic.APIError) return err as never;
    throw err;
  }
  throw new Error("expected the request to fail");
}
