// GET /v1/memory_stores/{id}/search (memgit extension, docs/api-extensions.md §Search): the
// memories with a line matching `q`, by path. A read: every key and attachment may search.
import { Router } from "express";
import { invalidRequest } from "../errors.ts";
import { decodePage, encodePage } from "../wire/pageCursor.ts";
import { boolParam, limitParam, param, pathPrefixParam } from "../wire/query.ts";
import { searchHitToWire } from "../wire/search.ts";
import { idParam, principalOf, visibleStore, type RouteDeps } from "./context.ts";

export function searchRouter(deps: RouteDeps): Router {
  const router = Router({ mergeParams: true });
  const { engine } = deps;

  router.get("/", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const q = param(req.query, "q");
    if (q === undefined) throw invalidRequest("q: Field required");
    const regex = boolParam(req.query, "regex") ?? false;
    const caseSensitive = boolParam(req.query, "case_sensitive") ?? true;
    const pathPrefix = pathPrefixParam(req.query);
    const asOf = param(req.query, "as_of");
    const limit = limitParam(req.query, { defaultLimit: 20, max: 100 });
    const scope = { store: storeId, q, regex, case_sensitive: caseSensitive, path_prefix: pathPrefix, as_of: asOf };
    const cursor = decodePage("search", scope, param(req.query, "page"));
    await visibleStore(deps, principal, storeId);
    const page = await engine.searchMemories(storeId, {
      query: q,
      regex,
      caseSensitive,
      pathPrefix,
      ...(asOf === undefined ? {} : { asOf: { asOf } }),
      limit,
      cursor,
    });
    res.json({ data: page.items.map(searchHitToWire), next_page: encodePage("search", scope, page.nextCursor) });
  });

  return router;
}
