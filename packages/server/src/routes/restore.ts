// Restores (memgit extension, docs/api-extensions.md): one memory, or the whole store, back to
// a point in history. Both are writes: read-only keys and attachments are refused.
import { Router } from "express";
import { bodyObject } from "../wire/body.ts";
import { viewParam } from "../wire/query.ts";
import { memoryToWire } from "../wire/shapes.ts";
import { pointFromBody, POINT_FIELDS, storeRestoreToWire } from "../wire/history.ts";
import { idParam, principalOf, requireMemoryWrite, visibleStore, type RouteDeps } from "./context.ts";
import { precondition } from "./memories.ts";

export function restoreRouter(deps: RouteDeps): Router {
  const router = Router({ mergeParams: true });
  const { engine } = deps;

  router.post("/restore", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const to = pointFromBody(bodyObject(req.body, POINT_FIELDS));
    await visibleStore(deps, principal, storeId);
    requireMemoryWrite(principal, storeId);
    res.json(storeRestoreToWire(await engine.restoreStore(storeId, { to, actor: principal.actor })));
  });

  router.post("/memories/:memoryId/restore", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const view = viewParam(req.query, "basic");
    const body = bodyObject(req.body, [...POINT_FIELDS, "precondition"]);
    const to = pointFromBody(body);
    const pre = precondition(body);
    await visibleStore(deps, principal, storeId);
    requireMemoryWrite(principal, storeId);
    const { memory } = await engine.restoreMemory(storeId, idParam(req, "memoryId"), { to, precondition: pre, actor: principal.actor });
    res.json(memoryToWire(view === "full" ? memory : { ...memory, content: null }));
  });

  return router;
}
