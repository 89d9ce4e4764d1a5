// GET /v1/memory_stores/{id}/stats (memgit extension, docs/api-extensions.md): a store's size
// and history at a glance, for `memgit stores stats` and the console. A read: every key and
// attachment that sees the store may ask.
import { Router } from "express";
import { storeStatsToWire } from "../wire/storeStats.ts";
import { idParam, principalOf, visibleStore, type RouteDeps } from "./context.ts";

export function storeStatsRouter(deps: RouteDeps): Router {
  const router = Router({ mergeParams: true });
  router.get("/", async (req, res) => {
    const storeId = idParam(req, "storeId");
    await visibleStore(deps, principalOf(req), storeId);
    res.json(storeStatsToWire(await deps.engine.storeStats(storeId)));
  });
  return router;
}
