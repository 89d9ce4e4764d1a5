// Checkpoints (memgit extension, docs/api-extensions.md): named points in a store's history,
// kept as git tags. Listing is a read; creating and deleting need write access to the store.
import { Router } from "express";
import { bodyObject, requiredString } from "../wire/body.ts";
import { decodePage, encodePage } from "../wire/pageCursor.ts";
import { limitParam, param } from "../wire/query.ts";
import { checkpointToWire, checkpointTombstone } from "../wire/history.ts";
import { idParam, principalOf, requireMemoryWrite, visibleStore, type RouteDeps } from "./context.ts";

export function checkpointsRouter(deps: RouteDeps): Router {
  const router = Router({ mergeParams: true });
  const { engine } = deps;

  router.post("/", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const name = requiredString(bodyObject(req.body, ["name"]), "name");
    await visibleStore(deps, principal, storeId);
    requireMemoryWrite(principal, storeId);
    res.json(checkpointToWire(await engine.createCheckpoint(storeId, { name, actor: principal.actor })));
  });

  router.get("/", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const limit = limitParam(req.query, { defaultLimit: 20, max: 100 });
    const scope = { store: storeId };
    const cursor = decodePage("checkpoints", scope, param(req.query, "page"));
    await visibleStore(deps, principal, storeId);
    const page = await engine.listCheckpoints(storeId, { limit, cursor });
    res.json({ data: page.items.map(checkpointToWire), next_page: encodePage("checkpoints", scope, page.nextCursor) });
  });

  router.get("/:name", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    await visibleStore(deps, principal, storeId);
    res.json(checkpointToWire(await engine.getCheckpoint(storeId, idParam(req, "name"))));
  });

  router.delete("/:name", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    await visibleStore(deps, principal, storeId);
    requireMemoryWrite(principal, storeId);
    const deleted = await engine.deleteCheckpoint(storeId, idParam(req, "name"));
    res.json(checkpointTombstone(storeId, deleted.name));
  });

  return router;
}
