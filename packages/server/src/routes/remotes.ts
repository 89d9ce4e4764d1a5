// Backup remotes of a store (memgit extension, docs/api-extensions.md §Backup remotes;
// docs/decisions/0052): adding, listing, removing and pushing need an admin API key, since a
// remote sends every version, redacted or not yet pruned, somewhere else.
import { Router } from "express";
import { canRedact, type Principal } from "../auth/principal.ts";
import type { Backups } from "../backup/Backups.ts";
import { permissionDenied } from "../errors.ts";
import { bodyObject, requiredString } from "../wire/body.ts";
import { remoteToWire, remoteTombstone } from "../wire/remote.ts";
import { idParam, principalOf, visibleStore, type RouteDeps } from "./context.ts";

function requireBackupAdmin(p: Principal): void {
  if (!canRedact(p)) throw permissionDenied("managing backup remotes needs an admin API key");
}

export function remotesRouter(deps: RouteDeps, backups: Backups): Router {
  const router = Router({ mergeParams: true });

  /** The store, checked for tenancy (404) before the role (403), as the other store routes do. */
  const storeOf = async (req: Parameters<typeof principalOf>[0]) => {
    const principal = principalOf(req);
    const storeId = idParam(req, "storeId");
    await visibleStore(deps, principal, storeId);
    requireBackupAdmin(principal);
    return storeId;
  };

  router.post("/", async (req, res) => {
    const body = bodyObject(req.body, ["name", "url"]);
    const name = requiredString(body, "name");
    const url = requiredString(body, "url");
    const storeId = await storeOf(req);
    res.json(remoteToWire(await backups.add(storeId, name, url)));
  });

  router.get("/", async (req, res) => {
    const storeId = await storeOf(req);
    res.json({ data: (await backups.list(storeId)).map(remoteToWire), next_page: null });
  });

  router.delete("/:name", async (req, res) => {
    const storeId = await storeOf(req);
    const name = idParam(req, "name");
    await backups.remove(storeId, name);
    res.json(remoteTombstone(storeId, name));
  });

  router.post("/:name/push", async (req, res) => {
    bodyObject(req.body, []);
    const storeId = await storeOf(req);
    res.json(remoteToWire(await backups.push(storeId, idParam(req, "name"))));
  });

  return router;
}
