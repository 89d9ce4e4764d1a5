import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startServer } from "@memgit/server";

describe("graceful shutdown", () => {
  it("close() finishes even when a client never completes its request, then the engine is closed", async () => {
    const server = await startServer({ memory: true, port: 0, logger: false, drainTimeoutMs: 50 });
    const socket = connect(server.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.on("error", () => undefined);
    // Headers promise a body that never arrives: the request stays in flight.
    socket.write(`POST /v1/memory_stores HTTP/1.1\r\nhost: x\r\nx-api-key: ${server.bootstrap!.secret}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"na`);
    const closedSocket = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    await server.close();
    await closedSocket;
    await expect(server.engine.listStores({})).rejects.toMatchObject({ code: "Closed" });
  });
});
