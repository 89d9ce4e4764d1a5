// /v1/memory_stores/{id}/memories: create, retrieve, update, list, delete (spec §5.7–§5.11).
import { Router } from "express";
import { invalidRequest } from "../errors.ts";
import { bodyObject, isObject, optionalString, requiredString, strictKeys, type JsonObject } from "../wire/body.ts";
import { decodePage, encodePage } from "../wire/pageCursor.ts";
import { depthParam, isSha256Hex, limitParam, param, pathPrefixParam, sha256Param, viewParam } from "../wire/query.ts";
import { listItemToWire, memoryToWire, memoryTombstone } from "../wire/shapes.ts";
import { idParam, principalOf, requireMemoryWrite, visibleStore, type RouteDeps } from "./context.ts";

/** `view=full` pages hold at most this many items, applied silently (spec §3). */
export const FULL_VIEW_PAGE = 20;

export function precondition(body: JsonObject): { contentSha256: string } | undefined {
  const p = body.precondition;
  if (p === undefined || p === null) return undefined;
  if (!isObject(p)) throw invalidRequest("precondition: Input should be a valid dictionary");
  strictKeys(p, ["type", "content_sha256"], "precondition.");
  if (p.type !== "content_sha256") throw invalidRequest("precondition.type: must be content_sha256");
  const sha = p.content_sha256;
  if (typeof sha !== "string") throw invalidRequest("precondition.content_sha256: Field required");
  if (!isSha256Hex(sha)) throw invalidRequest("precondition.content_sha256: must be 64 lowercase hex characters");
  return { contentSha256: sha };
}

export function memoriesRouter(deps: RouteDeps): Router {
  const router = Router({ mergeParams: true });
  const { engine } = deps;

  router.post("/", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const view = viewParam(req.query, "basic");
    const body = bodyObject(req.body, ["path", "content"]);
    const path = requiredString(body, "path");
    const content = requiredString(body, "content");
    await visibleStore(deps, principal, storeId);
    requireMemoryWrite(principal, storeId);
    const { memory } = await engine.createMemory(storeId, { path, content, actor: principal.actor });
    res.json(memoryToWire(view === "full" ? memory : { ...memory, content: null }));
  });

  router.get("/", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const view = viewParam(req.query, "basic");
    const requested = limitParam(req.query, { defaultLimit: 20, max: 100 });
    const limit = view === "full" ? Math.min(requested, FULL_VIEW_PAGE) : requested;
    const pathPrefix = pathPrefixParam(req.query);
    const depth = depthParam(req.query);
    // memgit extension (docs/api-extensions.md): the list as it was at a point in history.
    const asOf = param(req.query, "as_of");
    const scope = { store: storeId, path_prefix: pathPrefix, depth, as_of: asOf };
    const cursor = decodePage("memories", scope, param(req.query, "page"));
    await visibleStore(deps, principal, storeId);
    const query = { pathPrefix, depth, view, limit, cursor };
    const page = asOf === undefined ? await engine.listMemories(storeId, query) : await engine.listMemoriesAt(storeId, { asOf }, query);
    res.json({ data: page.items.map(listItemToWire), next_page: encodePage("memories", scope, page.nextCursor) });
  });

  router.get("/:memoryId", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const view = viewParam(req.query, "full");
    const asOf = param(req.query, "as_of");
    const memoryId = idParam(req, "memoryId");
    await visibleStore(deps, principal, storeId);
    const memory = asOf === undefined ? await engine.getMemory(storeId, memoryId, { view }) : await engine.getMemoryAt(storeId, memoryId, { asOf }, { view });
    res.json(memoryToWire(memory));
  });

  router.post("/:memoryId", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const view = viewParam(req.query, "basic");
    const body = bodyObject(req.body, ["content", "path", "precondition"]);
    const content = optionalString(body, "content");
    const path = optionalString(body, "path");
    const pre = precondition(body);
    if (content == null && path == null) throw invalidRequest("at least one of content or path must be provided");
    await visibleStore(deps, principal, storeId);
    requireMemoryWrite(principal, storeId);
    const { memory } = await engine.updateMemory(storeId, idParam(req, "memoryId"), {
      content,
      path,
      precondition: pre,
      actor: principal.actor,
    });
    res.json(memoryToWire(view === "full" ? memory : { ...memory, content: null }));
  });

  router.delete("/:memoryId", async (req, res) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    const memoryId = idParam(req, "memoryId");
    const expectedContentSha256 = sha256Param(req.query, "expected_content_sha256");
    await visibleStore(deps, principal, storeId);
    requireMemoryWrite(principal, storeId);
    await engine.deleteMemory(storeId, memoryId, { expectedContentSha256, actor: principal.actor });
    res.json(memoryTombstone(memoryId));
  });

  return router;
}
