// The body of a POST to git-upload-pack, as upload-pack must read it: gunzipped when the
// client compressed it (git gzips requests over 1 KiB), and cut off past a size limit
// counted after decompression, so a small gzip bomb cannot feed git gigabytes.
import type { Request } from "express";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { ApiError, invalidRequest } from "../errors.ts";
import { SizeLimit } from "../wire/SizeLimit.ts";

/** git's own http.maxRequestBuffer default: a fetch's wants and haves fit many times over. */
export const DEFAULT_GIT_REQUEST_LIMIT = 10 * 1024 * 1024;

export const requestTooLarge = (limit: number) =>
  new ApiError(413, "request_too_large", `git request body over ${limit} bytes`);

export type BodyEncoding = "identity" | "gzip";

/** How the body is encoded; refuses, before anything runs, what git never sends or is too large. */
export function requestEncoding(req: Request, limit: number): BodyEncoding {
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "x-gzip")
    throw new ApiError(415, "invalid_request_error", `content-encoding: ${encoding.slice(0, 40)} is not supported (gzip or none)`);
  if (encoding === "identity" && Number(req.headers["content-length"]) > limit) throw requestTooLarge(limit);
  return encoding === "identity" ? "identity" : "gzip";
}

/**
 * The decoded body as one stream, whose errors are ApiErrors (400 bad gzip, 413 too large).
 * Open it only where its 'error' is listened for at once: nothing else catches it.
 */
export function decodedBody(req: Request, encoding: BodyEncoding, limit: number): Readable {
  const out = new SizeLimit(limit, () => requestTooLarge(limit));
  let source: Readable = req;
  if (encoding === "gzip") {
    const gunzip = createGunzip();
    gunzip.on("error", () => out.destroy(invalidRequest("content-encoding: gzip: the body is not valid gzip")));
    source = req.pipe(gunzip);
  }
  req.on("error", (err) => out.destroy(err));
  source.pipe(out);
  return out;
}

/**
 * Reads and drops what is left of a request body that git stopped reading (it quit mid-body,
 * or the exchange failed), so the answer reaches the client: a socket closed with unread
 * bytes is reset, and the client sees ECONNRESET instead of the error. Past `limit` more
 * bytes the connection is cut instead.
 */
export function discardRest(req: Request, limit: number): void {
  if (req.complete || req.destroyed) return;
  let left = limit;
  req.unpipe();
  req.on("data", (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) req.destroy();
  });
  req.resume();
}
