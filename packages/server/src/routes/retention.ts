// POST /v1/memory_stores/{id}/prune (a memgit extension, docs/api-extensions.md): prunes the
// versions the retention rules let go now, instead of waiting for the schedule. Admin keys only.
import { Router } from "express";
import { canRedact } from "../auth/principal.ts";
import { permissionDenied } from "../errors.ts";
import { idParam, principalOf, visibleStore, type RouteDeps } from "./context.ts";

export function retentionRouter(deps: RouteDeps): Router {
  const router = Router({ mergeParams: true });
  const { engine } = deps;

  router.post("/", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    await visibleStore(deps, principal, storeId);
    // Pruning destroys history, as redaction does: the same role.
    if (!canRedact(principal))
      throw permissionDenied(principal.kind === "session" ? "session tokens cannot prune versions" : "pruning versions needs an admin API key");
    const result = await engine.prune(storeId);
    res.json({ type: "memory_store_prune", memory_store_id: storeId, pruned_versions: result.prunedVersions, boundary_version_id: result.boundaryVersionId });
  });

  return router;
}
