// The import request at the transport level: a bundle over the limit is refused from its
// Content-Length before a byte is read (413) or as soon as the stream passes the limit, and a
// client that never sends its body is cut by the server's request timeout. Nothing is left
// behind either way. Raw HTTP where the SDK cannot express the request (a body that never comes).
import { readdirSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { startServer } from "@memgit/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, BUNDLE_TYPE, diskServer, exportBundle, importBundle, type DiskServer } from "./servers.ts";

let server: DiskServer;
beforeAll(async () => {
  server = await diskServer({ importLimitBytes: 4096, timeouts: { headersMs: 1000, requestMs: 1500 } });
});
afterAll(() => server?.close());

const onDisk = () => readdirSync(join(server.dataDir, "stores")).sort();

describe("POST /v1/memory_stores/import: size and time limits", () => {
  it("a bundle over the import limit is a 413, whether announced or streamed", async () => {
    const before = onDisk();
    const big = Buffer.alloc(5000, 1);
    const announced = await apiError(importBundle(server.client, big));
    expect([announced.status, announced.error.error.type]).toEqual([413, "request_too_large"]);
    expect(announced.error.error.message).toMatch(/over the import limit of 4096 bytes/);
    // Chunked, with no Content-Length: cut while it arrives.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(1024));
        c.close();
      },
    });
    const streamed = await fetch(`${server.server.url}/v1/memory_stores/import`, {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: { "content-type": BUNDLE_TYPE, "x-api-key": server.key },
    } as RequestInit).catch((e: Error) => e);
    if (!(streamed instanceof Error)) expect(streamed.status).toBe(413);
    expect(onDisk()).toEqual(before);
  });

  it("a client that never sends its body is cut by the request timeout; nothing is left", async () => {
    const before = onDisk();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.server.url}/v1/memory_stores/import`, {
        method: "POST",
        headers: { "content-type": BUNDLE_TYPE, "content-length": "2000", "x-api-key": server.key },
      });
      req.on("response", (res) => resolve(res.statusCode!));
      req.on("error", reject);
      req.write("# v2 git bundle\n");
    });
    expect(status).toBe(408);
    // The import's scratch directory goes once the server sees the connection end.
    await expect.poll(onDisk, { timeout: 20_000 }).toEqual(before);
  });

  it("a server that keeps its stores in memory answers 503 to both", async () => {
    const memory = await startServer({ memory: true, port: 0, logger: false, bootstrapKey: "sk-memgit-import-memory-0001" });
    try {
      const client = new Anthropic({ apiKey: "sk-memgit-import-memory-0001", baseURL: memory.url, maxRetries: 0 });
      const store = await client.beta.memoryStores.create({ name: "in memory" });
      const [exported, imported] = await Promise.all([apiError(client.get(`/v1/memory_stores/${store.id}/export`)), apiError(importBundle(client, Buffer.from("# v2 git bundle\n\n")))]);
      expect([exported.status, imported.status]).toEqual([503, 503]);
      expect(exported.error.error.message).toMatch(/keeps its stores in memory/);
    } finally {
      await memory.close();
    }
  });

  it("export streams a bundle; an unknown store is a 404", async () => {
    const store = await server.client.beta.memoryStores.create({ name: "small" });
    const bundle = await exportBundle(server.client, store.id);
    expect(bundle.subarray(0, 16).toString()).toBe("# v2 git bundle\n");
    const res = await server.client.get(`/v1/memory_stores/${store.id}/export`).asResponse();
    expect([res.headers.get("content-type"), res.headers.get("content-disposition")]).toEqual([BUNDLE_TYPE, `attachment; filename="${store.id}.bundle"`]);
    const missing = await apiError(server.client.get("/v1/memory_stores/memstore_111111111111111111111111/export"));
    expect(missing.status).toBe(404);
  });
});
