// /v1/admin: workspaces and API keys over HTTP, for admin keys (docs/decisions/0011).
// An admin of the root workspace manages every workspace; other admins only their own.
import { Router } from "express";
import { AuthInputError, type AuthStore, type Workspace } from "../auth/AuthStore.ts";
import { roles, type Principal, type Role } from "../auth/principal.ts";
import { invalidRequest, notFound, permissionDenied } from "../errors.ts";
import { bodyObject, optionalString, requiredString } from "../wire/body.ts";
import { param } from "../wire/query.ts";
import { apiKeyToWire, workspaceToWire } from "../wire/admin.ts";
import { idParam, principalOf } from "./context.ts";

function requireAdmin(p: Principal): void {
  if (p.kind !== "api_key" || p.role !== "admin") throw permissionDenied("admin routes need an admin API key");
}

function requireRoot(p: Principal): void {
  requireAdmin(p);
  if (!p.rootWorkspace) throw permissionDenied("only admin keys of the root workspace manage workspaces");
}

/** Runs AuthStore calls, turning their user errors into 400s. */
function attempt<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AuthInputError) throw invalidRequest(err.message);
    throw err;
  }
}

export function adminRouter(auth: AuthStore): Router {
  const router = Router();

  /** A workspace the caller may administer; others are reported as missing. */
  function manageable(p: Principal, idOrName: string): Workspace {
    const ws = auth.findWorkspace(idOrName);
    if (!ws || (!p.rootWorkspace && ws.id !== p.workspaceId)) throw notFound(`workspace not found: ${idOrName}`);
    return ws;
  }

  router.get("/workspaces", (req, res) => {
    const p = principalOf(req);
    requireAdmin(p);
    const visible = auth.listWorkspaces().filter((w) => p.rootWorkspace || w.id === p.workspaceId);
    res.json({ data: visible.map(workspaceToWire), next_page: null });
  });

  router.post("/workspaces", (req, res) => {
    requireRoot(principalOf(req));
    const name = requiredString(bodyObject(req.body, ["name"]), "name");
    res.json(workspaceToWire(attempt(() => auth.createWorkspace(name))));
  });

  router.get("/api_keys", (req, res) => {
    const p = principalOf(req);
    requireAdmin(p);
    const filter = param(req.query, "workspace");
    const keys = filter !== undefined
      ? auth.listApiKeys(manageable(p, filter).id)
      : auth.listApiKeys(p.rootWorkspace ? undefined : p.workspaceId);
    res.json({ data: keys.map(apiKeyToWire), next_page: null });
  });

  router.post("/api_keys", (req, res) => {
    const p = principalOf(req);
    requireAdmin(p);
    const body = bodyObject(req.body, ["workspace", "role"]);
    const role = requiredString(body, "role");
    if (!roles.includes(role as Role)) throw invalidRequest(`role: must be one of ${roles.join(", ")}`);
    const workspace = optionalString(body, "workspace");
    const ws = manageable(p, workspace ?? p.workspaceId);
    const { key, secret } = attempt(() => auth.createApiKey(ws.id, role as Role));
    res.json({ ...apiKeyToWire(key), key: secret });
  });

  router.post("/api_keys/:keyId/revoke", (req, res) => {
    const p = principalOf(req);
    requireAdmin(p);
    const id = idParam(req, "keyId");
    const key = auth.getApiKey(id);
    if (!key || (!p.rootWorkspace && key.workspaceId !== p.workspaceId)) throw notFound(`api key not found: ${id}`);
    res.json(apiKeyToWire(auth.revokeApiKey(id)!));
  });

  return router;
}
