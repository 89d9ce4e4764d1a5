// Ids and secrets the server mints itself (the engine mints store, memory and version ids).
import { createHash, randomInt } from "node:crypto";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function base58(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += BASE58[randomInt(58)];
  return out;
}

export const newRequestId = () => `req_${base58(24)}`;
export const newWorkspaceId = () => `wrkspc_${base58(24)}`;
export const newApiKeyId = () => `apikey_${base58(24)}`;
export const newSessionId = () => `sesn_${base58(24)}`;

/** API keys and session tokens; 40 base58 characters carry about 234 bits. */
export const newApiKeySecret = () => `sk-memgit-${base58(40)}`;
export const newSessionToken = () => `sk-memgit-sess-${base58(40)}`;

/** Secrets are stored and looked up only by this digest. */
export const hashSecret = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");
