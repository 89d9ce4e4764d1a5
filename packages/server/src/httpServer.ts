// The HTTP server under the Express app (docs/decisions/0015). It bounds how long a client
// may take to send a request, and renders the answers Node gives on its own (unparsable
// requests, oversized headers, timeouts, CONNECT, an unmet Expect) as the error envelope,
// like every other response.
import { createServer, maxHeaderSize, STATUS_CODES, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { ApiError, errorBody, invalidRequest, notFound } from "./errors.ts";
import { newRequestId } from "./ids.ts";

export interface HttpTimeouts {
  /** From a request's first byte until its headers are complete. */
  headersMs: number;
  /** From a request's first byte until its body is complete. */
  requestMs: number;
  /** How long a keep-alive connection may sit idle between requests. */
  keepAliveMs: number;
}

/** A 1 MiB body needs about 170 kbit/s to arrive within a minute. */
export const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 5_000 };

/** The whole response for a socket whose request never reached Express. */
function rawResponse(err: ApiError): string {
  const requestId = newRequestId();
  const body = JSON.stringify(errorBody(err, requestId));
  const head = [
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? "Error"}`,
    "content-type: application/json",
    `content-length: ${Buffer.byteLength(body)}`,
    `request-id: ${requestId}`,
    // A request that timed out may well succeed when sent again; a malformed one will not.
    ...(err.status === 408 ? [] : ["x-should-retry: false"]),
    "connection: close",
  ];
  return `${head.join("\r\n")}\r\n\r\n${body}`;
}

/** Node types these sockets as Duplex; on a plain HTTP server they are net.Sockets. */
function sendRaw(socket: Duplex, err: ApiError): void {
  socket.write(rawResponse(err));
  // Not destroy(): that could discard the response before it is flushed.
  (socket as Socket).destroySoon();
}

/** The envelope for a failure Node's parser or timers reported; null: just drop the socket. */
function clientErrorFor(err: Error & { code?: string }): ApiError | null {
  switch (err.code) {
    case "ECONNRESET":
    case "EPIPE":
      return null;
    case "HPE_HEADER_OVERFLOW":
      return new ApiError(431, "invalid_request_error", `request headers exceed ${maxHeaderSize} bytes`);
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return new ApiError(413, "request_too_large", "chunk extensions too large");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new ApiError(408, "invalid_request_error", "the request was not received in time");
    default:
      return invalidRequest(`malformed HTTP request (${err.code ?? "unparsable"})`);
  }
}

export function createHttpServer(app: RequestListener, timeouts: HttpTimeouts): Server {
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // Node checks the two request timeouts on this tick (30 s by default), which would let
      // a stalled request live up to that much longer than its timeout.
      connectionsCheckingInterval: Math.min(1000, timeouts.headersMs, timeouts.requestMs),
      // The app answers a missing Host itself, with an envelope (middleware/strictHttp.ts).
      requireHostHeader: false,
    },
    app,
  );

  // The response in progress on each socket: a raw answer must not cut into it.
  const inFlight = new WeakMap<Duplex, ServerResponse>();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => inFlight.set(req.socket, res));

  server.on("clientError", (err: Error & { code?: string }, socket: Duplex) => {
    const res = inFlight.get(socket);
    const answer = clientErrorFor(err);
    if (answer === null || !socket.writable || (res && res.headersSent && !res.writableEnded)) {
      socket.destroy();
      return;
    }
    sendRaw(socket, answer);
  });

  server.on("connect", (req: IncomingMessage, socket: Duplex) => {
    socket.on("error", () => socket.destroy());
    sendRaw(socket, notFound(`no route for CONNECT ${String(req.url).slice(0, 200)}`));
  });

  server.on("checkExpectation", (_req: IncomingMessage, res: ServerResponse) => {
    const requestId = newRequestId();
    const err = new ApiError(417, "invalid_request_error", "expect: only 100-continue is supported");
    const body = JSON.stringify(errorBody(err, requestId));
    res.writeHead(417, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "request-id": requestId,
      "x-should-retry": "false",
      connection: "close",
    });
    res.end(body);
  });

  return server;
}
