// Diffs (memgit extension, docs/api-extensions.md): what changed between two points in a
// store's history, or what one version changed. Reads: every key and attachment may ask.
import { Router } from "express";
import { invalidRequest } from "../errors.ts";
import { decodePage, encodePage } from "../wire/pageCursor.ts";
import { limitParam, param, viewParam } from "../wire/query.ts";
import { memoryDiffToWire, storeDiffToWire } from "../wire/history.ts";
import { idParam, principalOf, visibleStore, type RouteDeps } from "./context.ts";
import { FULL_VIEW_PAGE } from "./memories.ts";

export function diffRouter(deps: RouteDeps): Router {
  const router = Router({ mergeParams: true });
  const { engine } = deps;

  router.get("/diff", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const view = viewParam(req.query, "full");
    const requested = limitParam(req.query, { defaultLimit: 20, max: 100 });
    const limit = view === "full" ? Math.min(requested, FULL_VIEW_PAGE) : requested;
    const from = param(req.query, "from");
    const to = param(req.query, "to");
    if (from === undefined) throw invalidRequest("from: Field required");
    if (to === undefined) throw invalidRequest("to: Field required");
    const scope = { store: storeId, from, to };
    const cursor = decodePage("diff", scope, param(req.query, "page"));
    await visibleStore(deps, principal, storeId);
    const diff = await engine.diff(storeId, { from: { asOf: from }, to: { asOf: to }, view, limit, cursor });
    res.json(storeDiffToWire(storeId, diff, encodePage("diff", scope, diff.nextCursor)));
  });

  router.get("/memory_versions/:versionId/diff", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const view = viewParam(req.query, "full");
    await visibleStore(deps, principal, storeId);
    res.json(memoryDiffToWire(await engine.diffVersion(storeId, idParam(req, "versionId"), { view })));
  });

  return router;
}
