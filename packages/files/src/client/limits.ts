// Client-side checks that mirror the API's refusals (spec §6.1, §9), so an adapter can fail
// a syscall with the right errno before sending anything. The server stays authoritative.
import { StoreClientError } from "./StoreClientError.ts";

export const MAX_CONTENT_BYTES = 102_400;
export const MAX_PATH_BYTES = 1024;
export const MAX_SEGMENTS = 20;
const FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** Throws `invalid_path` unless `path` is a valid memory path. */
export function checkMemoryPath(path: string): void {
  const bad = (why: string) => new StoreClientError("invalid_path", `invalid memory path: ${why}`);
  if (!path.startsWith("/")) throw bad("must start with '/'");
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) throw bad(`over ${MAX_PATH_BYTES} bytes`);
  if (!path.isWellFormed()) throw bad("not valid Unicode");
  if (FORBIDDEN.test(path)) throw bad("control or format character");
  if (path.normalize("NFC") !== path) throw bad("not in Unicode NFC");
  const segments = path.slice(1).split("/");
  if (segments.length > MAX_SEGMENTS) throw bad(`more than ${MAX_SEGMENTS} segments`);
  for (const s of segments) {
    if (s === "") throw bad("empty segment");
    if (s === "." || s === "..") throw bad("'.' or '..' segment");
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decodes content bytes; throws `too_large` or `invalid_utf8` like the API would refuse them. */
export function decodeContent(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_CONTENT_BYTES)
    throw new StoreClientError("too_large", `content is ${bytes.byteLength} bytes; the limit is ${MAX_CONTENT_BYTES}`);
  try {
    return strictUtf8.decode(bytes);
  } catch (cause) {
    throw new StoreClientError("invalid_utf8", "content is not valid UTF-8", { cause });
  }
}
