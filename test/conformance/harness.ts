// A real memgit server on loopback (port 0, memfs stores, in-memory auth) and the official
// SDK pointed at it. Raw fetch is only for what the SDK cannot express.
import Anthropic from "@anthropic-ai/sdk";
import { createHash } from "node:crypto";
import { startServer, type RunningServer, type ServerOptions } from "@memgit/server";
import { expect } from "vitest";

/**
 * The engine's clock: wall time, but strictly increasing by at least 1 ms per reading so
 * that "updated_at advanced" never depends on how fast the machine is; freezable for ties.
 */
export class TestClock {
  private last = 0;
  private frozen: number | null = null;
  now = (): number => {
    if (this.frozen !== null) return this.frozen;
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  };
  freeze(): void {
    this.frozen = Math.max(Date.now(), this.last + 1);
    this.last = this.frozen;
  }
  thaw(): void {
    this.frozen = null;
  }
}

export interface Harness {
  server: RunningServer;
  clock: TestClock;
  url: string;
  /** The bootstrap admin key of the root workspace. */
  key: string;
  client: Anthropic;
  clientFor(key: string): Anthropic;
  /** A fresh, unarchived store with a unique name. */
  store(name?: string): Promise<Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryStore>;
  /** A key of the given role in a new workspace (or the root workspace when `workspace` is "root"). */
  newKey(role: "admin" | "read_write" | "read_only", workspace?: string): { key: string; apiKeyId: string; workspaceId: string };
  raw(method: string, path: string, init?: RawInit): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawInit {
  body?: unknown;
  /** Sent as is (no JSON encoding); for malformed bodies. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Credential; null sends none. Default: the admin key. */
  key?: string | null;
  /** Default: the memory beta. */
  beta?: string | null;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  json: any;
}

export const MEMORY_BETA = "agent-memory-2026-07-22";
export const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

let counter = 0;

export async function startHarness(options: Partial<ServerOptions> = {}): Promise<Harness> {
  const clock = new TestClock();
  const server = await startServer({ memory: true, port: 0, logger: false, clock: clock.now, ...options });
  const key = server.bootstrap!.secret;
  const root = server.bootstrap!.workspace;
  const clientFor = (apiKey: string) => new Anthropic({ apiKey, baseURL: server.url });
  const client = clientFor(key);

  async function raw(method: string, path: string, init: RawInit = {}): Promise<RawResponse> {
    const headers: Record<string, string> = { ...init.headers };
    const credential = init.key === undefined ? key : init.key;
    if (credential !== null) headers["x-api-key"] = credential;
    const beta = init.beta === undefined ? MEMORY_BETA : init.beta;
    if (beta !== null) headers["anthropic-beta"] = beta;
    let body: string | Uint8Array | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers["content-type"] = "application/json";
    }
    const res = await fetch(server.url + path, { method, headers, body });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, headers: res.headers, json };
  }

  return {
    server,
    clock,
    url: server.url,
    key,
    client,
    clientFor,
    store: (name) => client.beta.memoryStores.create({ name: name ?? `store ${++counter}` }),
    newKey(role, workspace) {
      const ws = workspace === "root" ? root : server.auth.createWorkspace(workspace ?? `ws-${++counter}`);
      const { key: k, secret } = server.auth.createApiKey(ws.id, role);
      return { key: secret, apiKeyId: k.id, workspaceId: ws.id };
    },
    raw,
    close: () => server.close(),
  };
}

/** Asserts the error envelope and returns it. */
export function expectError(res: RawResponse, status: number, type: string) {
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  expect(res.json).toMatchObject({ type: "error", error: { type, message: expect.any(String) } });
  expect(res.json.request_id).toBe(res.headers.get("request-id"));
  if (status >= 400 && status < 500) expect(res.headers.get("x-should-retry")).toBe("false");
  return res.json.error as { type: string; message: string; [k: string]: unknown };
}

/** Awaits an SDK call that must fail; returns the SDK's APIError. */
export async function sdkError(p: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Anthropic.APIError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

/** Runs `fn` over `items` with at most `width` in flight. */
export async function pool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
