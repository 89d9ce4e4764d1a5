// /v1/memory_stores: create, retrieve, update, list, archive, delete (spec §5.1–§5.6).
import { Router } from "express";
import { invalidRequest, permissionDenied } from "../errors.ts";
import { bodyObject, optionalString, optionalStringMap, requiredString } from "../wire/body.ts";
import { decodePage, encodePage } from "../wire/pageCursor.ts";
import { boolParam, limitParam, param, timeParam } from "../wire/query.ts";
import { storeTombstone, storeToWire } from "../wire/shapes.ts";
import { idParam, principalOf, requireStoreManagement, visibleStore, type RouteDeps } from "./context.ts";

const METADATA_NULL =
  'Failed to parse request: params: field "metadata": null is not a valid value for a map field; omit the field to preserve, or set individual keys to null to delete them';

export function memoryStoresRouter(deps: RouteDeps): Router {
  const router = Router();
  const { engine } = deps;

  router.post("/", async (req, res) => {
    const principal = principalOf(req);
    const body = bodyObject(req.body, ["name", "description", "metadata"]);
    const name = requiredString(body, "name");
    const description = optionalString(body, "description");
    const metadata = optionalStringMap(body, "metadata", false) as Record<string, string> | null | undefined;
    requireStoreManagement(principal);
    const store = await engine.createStore({ name, description, metadata, owner: principal.workspaceId });
    res.json(storeToWire(store));
  });

  router.get("/", async (req, res) => {
    const principal = principalOf(req);
    if (principal.kind !== "api_key") throw permissionDenied("session tokens cannot list memory stores");
    const limit = limitParam(req.query, { defaultLimit: 20, max: 100 });
    const scope = {
      include_archived: boolParam(req.query, "include_archived") ?? false,
      gte: timeParam(req.query, "created_at[gte]")?.toISOString(),
      lte: timeParam(req.query, "created_at[lte]")?.toISOString(),
    };
    const cursor = decodePage("stores", scope, param(req.query, "page"));
    const page = await engine.listStores({
      owner: principal.workspaceId,
      includeArchived: scope.include_archived,
      createdAtGte: scope.gte === undefined ? undefined : new Date(scope.gte),
      createdAtLte: scope.lte === undefined ? undefined : new Date(scope.lte),
      limit,
      cursor,
    });
    res.json({ data: page.items.map(storeToWire), next_page: encodePage("stores", scope, page.nextCursor) });
  });

  router.get("/:storeId", async (req, res) => {
    const store = await visibleStore(deps, principalOf(req), idParam(req, "storeId"));
    res.json(storeToWire(store));
  });

  router.post("/:storeId", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const body = bodyObject(req.body, ["name", "description", "metadata"]);
    if (Object.keys(body).length === 0)
      throw invalidRequest("at least one of name, description, or metadata must be provided");
    const name = optionalString(body, "name");
    if (name === null || name === "") throw invalidRequest("name cannot be empty");
    const description = optionalString(body, "description");
    if (body.metadata === null) throw invalidRequest(METADATA_NULL);
    const metadata = optionalStringMap(body, "metadata", true) ?? undefined;
    await visibleStore(deps, principal, storeId);
    requireStoreManagement(principal);
    const store = await engine.updateStore(storeId, {
      name,
      description: description === null ? "" : description,
      metadata,
    });
    res.json(storeToWire(store));
  });

  router.post("/:storeId/archive", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    await visibleStore(deps, principal, storeId);
    requireStoreManagement(principal);
    res.json(storeToWire(await engine.archiveStore(storeId)));
  });

  router.delete("/:storeId", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    await visibleStore(deps, principal, storeId);
    requireStoreManagement(principal);
    await engine.deleteStore(storeId);
    res.json(storeTombstone(storeId));
  });

  return router;
}
