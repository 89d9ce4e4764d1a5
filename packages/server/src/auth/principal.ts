// Who is calling. Every credential kind (API key now, session token later) resolves to one
// Principal, and routes ask only these questions of it, never which kind it was.
import type { Actor } from "@memgit/engine";

export type Role = "read_only" | "read_write" | "admin";
export type Access = "read_only" | "read_write";

export const roles: readonly Role[] = ["read_only", "read_write", "admin"];

export interface Principal {
  kind: "api_key" | "session";
  workspaceId: string;
  /** The operator workspace (created at first start) may manage other workspaces. */
  rootWorkspace: boolean;
  role: Role;
  /** Written into every version this principal creates or redacts. */
  actor: Actor;
  /** Stores this principal may reach; null means every store of its workspace. */
  stores: ReadonlyMap<string, Access> | null;
}

/** For logs: the credential's id, never its secret. */
export function principalLabel(p: Principal): string {
  switch (p.actor.type) {
    case "api_actor":
      return p.actor.apiKeyId;
    case "session_actor":
      return p.actor.sessionId;
    case "user_actor":
      return p.actor.userId;
    case "service_account_actor":
      return p.actor.serviceAccountId;
  }
}

export const canSeeStore = (p: Principal, storeId: string) => p.stores === null || p.stores.has(storeId);

export const canWriteStore = (p: Principal, storeId: string) =>
  p.role !== "read_only" && (p.stores === null || p.stores.get(storeId) === "read_write");

/** Creating, updating, archiving, deleting and listing stores is for API keys only. */
export const canManageStores = (p: Principal) => p.kind === "api_key" && p.role !== "read_only";

export const canRedact = (p: Principal) => p.kind === "api_key" && p.role === "admin";

/** Importing a store brings in versions, actors and redactions the caller did not make: admins only. */
export const canImportStores = (p: Principal) => p.kind === "api_key" && p.role === "admin";
