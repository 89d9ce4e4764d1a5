// What reaches memgit below the HTTP clients' good manners (docs/decisions/0015): requests
// that never finish are answered and closed, and the responses Node would write itself carry
// the error envelope like every other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { rawExchange, type RawHttpResponse } from "./rawHttp.ts";

let server: RunningServer;
let key: string;
beforeAll(async () => {
  server = await startServer({ memory: true, port: 0, logger: false, timeouts: { headersMs: 300, requestMs: 400, keepAliveMs: 300 } });
  key = server.bootstrap!.secret;
});
afterAll(() => server.close());

/** The only response on a connection the server then closed, checked for the envelope. */
async function onlyError(request: string, status: number, type: string) {
  const { responses } = await rawExchange(server.port, request);
  expect(responses).toHaveLength(1);
  const res: RawHttpResponse = responses[0]!;
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  expect(res.headers["request-id"]).toMatch(/^req_/);
  expect(res.json).toEqual({ type: "error", error: { type, message: expect.any(String) }, request_id: res.headers["request-id"] });
  return res;
}

describe("requests that never finish", () => {
  it("a request that announces a body and never sends it → 408 envelope, connection closed", async () => {
    const res = await onlyError(
      `POST /v1/memory_stores HTTP/1.1\r\nhost: x\r\nx-api-key: ${key}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"na`,
      408,
      "invalid_request_error",
    );
    // The SDK may retry a timed-out request.
    expect(res.headers["x-should-retry"]).toBeUndefined();
    expect((await server.engine.listStores({})).items).toEqual([]);
  });

  it("headers that never end → 408 envelope", async () => {
    await onlyError("GET /v1/memory_stores HTTP/1.1\r\nhost: x\r\n", 408, "invalid_request_error");
  });

  it("an idle keep-alive connection is closed after its one response", async () => {
    const { responses } = await rawExchange(server.port, "GET /health HTTP/1.1\r\nhost: x\r\n\r\n");
    expect(responses.map((r) => r.status)).toEqual([200]);
  });
});

describe("answers Node or Express would give without the envelope", () => {
  it("headers over Node's 16 KiB limit → 431", async () => {
    const res = await onlyError(`GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`, 431, "invalid_request_error");
    expect(res.headers["x-should-retry"]).toBe("false");
  });

  it("unparsable requests → 400 naming the parser's complaint", async () => {
    for (const request of [
      "GARBAGE\r\n\r\n",
      "GET /health HTTP/1.1\r\nhost: x\r\nx-a\x01: b\r\n\r\n",
      "POST /v1/memory_stores HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n{}",
    ]) {
      const res = await onlyError(request, 400, "invalid_request_error");
      expect(res.json.error.message).toMatch(/^malformed HTTP request \(HPE_/);
    }
  });

  it("a chunked body that turns malformed after the headers → 400", async () => {
    await onlyError(
      `POST /v1/memory_stores HTTP/1.1\r\nhost: x\r\nx-api-key: ${key}\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{"nam\r\nZZ\r\n`,
      400,
      "invalid_request_error",
    );
  });

  it("HTTP/1.1 without Host → 400", async () => {
    const res = await onlyError("GET /health HTTP/1.1\r\nconnection: close\r\n\r\n", 400, "invalid_request_error");
    expect(res.json.error.message).toContain("host");
  });

  it("OPTIONS and CONNECT → 404 like any unknown route", async () => {
    await onlyError("OPTIONS /health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n", 404, "not_found_error");
    await onlyError("CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n", 404, "not_found_error");
  });

  it("an Expect other than 100-continue → 417", async () => {
    await onlyError(`POST /v1/memory_stores HTTP/1.1\r\nhost: x\r\nx-api-key: ${key}\r\nexpect: 200-ok\r\ncontent-length: 2\r\n\r\n{}`, 417, "invalid_request_error");
  });
});
