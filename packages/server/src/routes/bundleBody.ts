// The body of an import: a git bundle, streamed (never buffered) and cut off past a size limit
// both as announced (Content-Length, refused before a byte is read) and as it arrives. A client
// that never finishes sending is cut by the server's request timeout (httpServer.ts).
import type { Request } from "express";
import type { Readable } from "node:stream";
import { ApiError } from "../errors.ts";
import { SizeLimit } from "../wire/SizeLimit.ts";

export const BUNDLE_TYPE = "application/x-git-bundle";

const tooLarge = (limit: number) =>
  new ApiError(413, "request_too_large", `the bundle is over the import limit of ${limit} bytes (limits.maxStoreBytes × ${IMPORT_FACTOR})`);

/** How many times a store's storage cap its bundle may be: history and checkpoints come with the live content. */
export const IMPORT_FACTOR = 10;

/** Checks the request's headers; the body as a stream whose errors are ApiErrors. */
export function bundleBody(req: Request, limit: number): Readable {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== BUNDLE_TYPE)
    throw new ApiError(415, "invalid_request_error", `content-type: must be ${BUNDLE_TYPE} (the body is a git bundle: memgit export, or git bundle create FILE --all)`);
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity") throw new ApiError(415, "invalid_request_error", `content-encoding: ${encoding.slice(0, 40)} is not supported (send the bundle as it is)`);
  if (Number(req.headers["content-length"]) > limit) throw tooLarge(limit);
  const out = new SizeLimit(limit, () => tooLarge(limit));
  // A connection cut before the body ended (the request timeout, a client gone) ends the import.
  req.on("error", (err) => out.destroy(err));
  req.pipe(out);
  return out;
}
