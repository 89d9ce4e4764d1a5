// /v1/memory_stores/{id}/memory_versions: list, retrieve, redact (spec §5.12–§5.14).
import { Router } from "express";
import { canRedact } from "../auth/principal.ts";
import { permissionDenied } from "../errors.ts";
import { decodePage, encodePage } from "../wire/pageCursor.ts";
import { idParam as idFilter, limitParam, operationParam, param, timeParam, viewParam } from "../wire/query.ts";
import { versionToWire } from "../wire/shapes.ts";
import { idParam, principalOf, visibleStore, type RouteDeps } from "./context.ts";
import { FULL_VIEW_PAGE } from "./memories.ts";

export function memoryVersionsRouter(deps: RouteDeps): Router {
  const router = Router({ mergeParams: true });
  const { engine } = deps;

  router.get("/", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const q = req.query;
    const view = viewParam(q, "basic");
    const requested = limitParam(q, { defaultLimit: 20, max: 100 });
    const limit = view === "full" ? Math.min(requested, FULL_VIEW_PAGE) : requested;
    const filters = {
      memoryId: idFilter(q, "memory_id", "mem_"),
      operation: operationParam(q),
      sessionId: idFilter(q, "session_id", "sesn_"),
      apiKeyId: idFilter(q, "api_key_id", "apikey_"),
      serviceAccountId: idFilter(q, "service_account_id", "svac_"),
      createdAtGte: timeParam(q, "created_at[gte]"),
      createdAtLte: timeParam(q, "created_at[lte]"),
    };
    const scope = {
      store: storeId,
      ...filters,
      createdAtGte: filters.createdAtGte?.toISOString(),
      createdAtLte: filters.createdAtLte?.toISOString(),
    };
    const cursor = decodePage("versions", scope, param(q, "page"));
    await visibleStore(deps, principal, storeId);
    const page = await engine.listVersions(storeId, { ...filters, view, limit, cursor });
    res.json({ data: page.items.map(versionToWire), next_page: encodePage("versions", scope, page.nextCursor) });
  });

  router.get("/:versionId", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const view = viewParam(req.query, "full");
    await visibleStore(deps, principal, storeId);
    res.json(versionToWire(await engine.getVersion(storeId, idParam(req, "versionId"), { view })));
  });

  router.post("/:versionId/redact", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    await visibleStore(deps, principal, storeId);
    if (!canRedact(principal))
      throw permissionDenied(
        principal.kind === "session" ? "session tokens cannot redact versions" : "redacting versions needs an admin API key",
      );
    res.json(versionToWire(await engine.redactVersion(storeId, idParam(req, "versionId"), principal.actor)));
  });

  return router;
}
