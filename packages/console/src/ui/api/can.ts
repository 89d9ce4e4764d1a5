// What a credential may do, mirroring the server's rules (server/src/auth/principal.ts), so
// the console does not offer what would be refused. The server still decides.
import type { Credential } from "./types.ts";

export const canManageStores = (w: Credential) => w.kind === "api_key" && w.role !== "read_only";

export const canListStores = (w: Credential) => w.kind === "api_key";

export const canWriteStore = (w: Credential, storeId: string) =>
  w.role !== "read_only" &&
  (w.memory_stores === null || w.memory_stores.some((s) => s.memory_store_id === storeId && s.access === "read_write"));

export const canRedact = (w: Credential) => w.kind === "api_key" && w.role === "admin";

export const canListSessions = (w: Credential) => w.kind === "api_key";
