// Import and export of whole stores as git bundles (docs/api-extensions.md §Import and export).
// Mounted before the app's body parser: a bundle streams to disk, never into memory.
import { Router } from "express";
import { ApiError, permissionDenied } from "../errors.ts";
import { canImportStores } from "../auth/principal.ts";
import { boolParam } from "../wire/query.ts";
import { storeToWire } from "../wire/shapes.ts";
import { BUNDLE_TYPE, bundleBody } from "./bundleBody.ts";
import { idParam, principalOf, visibleStore, type RouteDeps } from "./context.ts";

export interface StoreTransferOptions {
  /** Why bundles cannot be made or read here (no git binary, stores in memory); null when they can. */
  unavailable: string | null;
  /** Largest bundle accepted, in bytes. */
  importLimitBytes: number;
}

export function storeTransferRouter(deps: RouteDeps, options: StoreTransferOptions): Router {
  const router = Router();
  const { engine } = deps;
  const available = () => {
    if (options.unavailable !== null) throw new ApiError(503, "api_error", options.unavailable);
  };

  router.post("/import", async (req, res) => {
    const principal = principalOf(req);
    // An import writes an audit trail the caller did not make (actors, times, redactions).
    if (!canImportStores(principal)) throw permissionDenied("importing a memory store needs an admin API key");
    const newId = boolParam(req.query, "new_id") ?? false;
    available();
    const info = await engine.importStore(bundleBody(req, options.importLimitBytes), { owner: principal.workspaceId, newId });
    res.json(storeToWire(info));
  });

  router.get("/:storeId/export", async (req, res) => {
    const storeId = idParam(req, "storeId");
    await visibleStore(deps, principalOf(req), storeId);
    available();
    res.setHeader("content-type", BUNDLE_TYPE);
    res.setHeader("content-disposition", `attachment; filename="${storeId}.bundle"`);
    try {
      await engine.exportStore(storeId, res);
    } catch (err) {
      // Once bytes went out, only a cut connection tells the client the bundle is incomplete.
      if (res.headersSent) return void res.destroy();
      res.removeHeader("content-disposition");
      throw err;
    }
    res.end();
  });

  return router;
}
