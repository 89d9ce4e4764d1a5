// What every route needs: the engine, the caller, and tenancy-checked store lookup.
import type { StoreInfo } from "@memgit/engine";
import type { Request } from "express";
import { canManageStores, canSeeStore, canWriteStore, type Principal } from "../auth/principal.ts";
import type { Engine } from "../engine.ts";
import { notFound, permissionDenied } from "../errors.ts";

export interface RouteDeps {
  engine: Engine;
}

export function principalOf(req: Request): Principal {
  // authenticate() runs before every /v1 router, so this only fails on a wiring mistake.
  if (!req.principal) throw new Error("route reached without authentication");
  return req.principal;
}

/** Express 5 leaves wildcard-free params as strings; this keeps the type honest. */
export const idParam = (req: Request, name: string): string => String(req.params[name] ?? "");

export const storeNotFound = (id: string) => notFound(`memory store not found: ${id}`);

/**
 * The store if the caller may see it. Another workspace's store, or one outside a session's
 * attachments, is indistinguishable from a missing one (404, never 403).
 */
export async function visibleStore(deps: RouteDeps, principal: Principal, storeId: string): Promise<StoreInfo> {
  if (!canSeeStore(principal, storeId)) throw storeNotFound(storeId);
  let store: StoreInfo;
  try {
    store = await deps.engine.getStore(storeId);
  } catch (err) {
    if ((err as { code?: unknown }).code === "NotFound") throw storeNotFound(storeId);
    throw err;
  }
  if (store.owner !== principal.workspaceId) throw storeNotFound(storeId);
  return store;
}

export function requireMemoryWrite(principal: Principal, storeId: string): void {
  if (!canWriteStore(principal, storeId))
    throw permissionDenied(
      principal.kind === "session"
        ? `this session has read_only access to memory store ${storeId}`
        : "this API key is read_only",
    );
}

export function requireStoreManagement(principal: Principal): void {
  if (!canManageStores(principal))
    throw permissionDenied(
      principal.kind === "session" ? "session tokens cannot manage memory stores" : "this API key is read_only",
    );
}
