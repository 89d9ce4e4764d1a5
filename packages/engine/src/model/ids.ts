// Every id prefix is minted and parsed here and nowhere else.
import { randomBytes } from "node:crypto";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BODY_LENGTH = 24;
const BODY_RE = /^[1-9A-HJ-NP-Za-km-z]{24}$/;

function randomBody(): string {
  const bytes = randomBytes(BODY_LENGTH);
  let out = "";
  // 58 does not divide 256; the tiny bias is irrelevant for opaque, unguessable-enough ids.
  for (const b of bytes) out += BASE58[b % 58];
  return out;
}

const STORE_PREFIX = "memstore_";
const MEMORY_PREFIX = "mem_";
export const VERSION_PREFIX = "memver_";

export const newStoreId = () => STORE_PREFIX + randomBody();
export const newMemoryId = () => MEMORY_PREFIX + randomBody();

export const isStoreId = (s: string) => s.startsWith(STORE_PREFIX) && BODY_RE.test(s.slice(STORE_PREFIX.length));
export const isMemoryId = (s: string) => s.startsWith(MEMORY_PREFIX) && BODY_RE.test(s.slice(MEMORY_PREFIX.length));

const HEX40 = /^[0-9a-f]{40}$/;

/** A version id is the hex id of the commit that wrote it. */
export const versionIdFromCommit = (oid: string) => VERSION_PREFIX + oid;

/** The commit id inside a version id, or null when the id is not of that shape. */
export function commitFromVersionId(id: string): string | null {
  if (!id.startsWith(VERSION_PREFIX)) return null;
  const hex = id.slice(VERSION_PREFIX.length);
  return HEX40.test(hex) ? hex : null;
}

export const isSha256Hex = (s: string) => /^[0-9a-f]{64}$/.test(s);
