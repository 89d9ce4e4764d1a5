// /v1/sessions: the memory slice of the sessions API (spec §10), plus two memgit extensions:
// POST /v1/sessions/{id}/tokens (a session token, shown once) and
// GET /v1/sessions/{id}/memory_prompt (the §11 system-prompt note).
import { Router, type Request } from "express";
import type { AttachedStore, Session, SessionStore } from "../auth/SessionStore.ts";
import type { Access, Principal } from "../auth/principal.ts";
import { ApiError, invalidRequest, notFound, permissionDenied } from "../errors.ts";
import { bodyObject, checkLength, isObject, optionalString, strictKeys, type JsonObject } from "../wire/body.ts";
import { decodePage, encodePage } from "../wire/pageCursor.ts";
import { idParam as idFilter, limitParam, param } from "../wire/query.ts";
import { memoryPrompt, MOUNT_ROOT, mountSlug, sessionToWire } from "../wire/session.ts";
import { sessionFields } from "../wire/sessionFields.ts";
import { idParam, principalOf, visibleStore, type RouteDeps } from "./context.ts";

export const MAX_ATTACHED_STORES = 8;
export const MAX_INSTRUCTIONS = 4096;

const SESSION_KEYS = ["agent", "environment_id", "budget", "initial_events", "metadata", "resources", "title", "vault_ids"];

/** The caller's API key id; session tokens and read_only keys are refused. */
function requireApiKeyWriter(p: Principal): string {
  if (p.actor.type !== "api_actor") throw permissionDenied("session tokens cannot manage sessions");
  if (p.role === "read_only") throw permissionDenied("this API key is read_only");
  return p.actor.apiKeyId;
}

/** API keys of the workspace see every session; a session token sees only its own. */
function readableSession(sessions: SessionStore, req: Request): Session {
  const p = principalOf(req);
  const id = idParam(req, "sessionId");
  const own = p.actor.type !== "session_actor" || p.actor.sessionId === id;
  const session = own ? sessions.get(p.workspaceId, id) : null;
  if (!session) throw notFound(`session not found: ${id}`);
  return session;
}

async function attachments(deps: RouteDeps, p: Principal, resources: unknown): Promise<AttachedStore[]> {
  if (resources === undefined || resources === null) return [];
  if (!Array.isArray(resources)) throw invalidRequest("resources: Input should be a valid list");
  if (resources.length > MAX_ATTACHED_STORES)
    throw invalidRequest(`resources: at most ${MAX_ATTACHED_STORES} memory stores can be attached to a session`);
  const out: AttachedStore[] = [];
  for (const [i, raw] of resources.entries()) {
    const field = `resources[${i}]`;
    if (!isObject(raw)) throw invalidRequest(`${field}: Input should be a valid dictionary`);
    if (raw.type !== "memory_store")
      throw invalidRequest(`${field}.type: memgit sessions accept only memory_store resources`);
    const r = strictKeys(raw, ["type", "memory_store_id", "access", "instructions"], `${field}.`);
    const storeId = r.memory_store_id;
    if (typeof storeId !== "string") throw invalidRequest(`${field}.memory_store_id: Field required`);
    const access = (r.access ?? "read_write") as Access;
    if (access !== "read_write" && access !== "read_only")
      throw invalidRequest(`${field}.access: must be read_write or read_only`);
    const instructions = optionalString(r, "instructions") ?? null;
    if (instructions !== null) checkLength(instructions, `${field}.instructions`, MAX_INSTRUCTIONS);
    const store = await visibleStore(deps, p, storeId).catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404) throw invalidRequest(`${field}.memory_store_id: memory store not found: ${storeId}`);
      throw err;
    });
    if (store.archivedAt !== null) throw invalidRequest(`${field}: memory store ${storeId} is archived and cannot be attached`);
    if (out.some((a) => a.memoryStoreId === storeId)) throw invalidRequest(`${field}: memory store ${storeId} is attached twice`);
    const mountPath = MOUNT_ROOT + mountSlug(store.name, store.id);
    const clash = out.find((a) => a.mountPath === mountPath);
    if (clash)
      throw invalidRequest(`${field}: memory stores ${clash.memoryStoreId} and ${storeId} would both mount at ${mountPath}`);
    out.push({ memoryStoreId: storeId, access, instructions, name: store.name, description: store.description, mountPath });
  }
  return out;
}

export function sessionsRouter(deps: RouteDeps, sessions: SessionStore): Router {
  const router = Router();

  router.post("/", async (req, res) => {
    const p = principalOf(req);
    const body: JsonObject = bodyObject(req.body, SESSION_KEYS);
    requireApiKeyWriter(p);
    const fields = sessionFields(body);
    const resources = await attachments(deps, p, body.resources);
    const session = sessions.create(p.workspaceId, { ...fields, resources });
    res.json(sessionToWire(session));
  });

  router.get("/", (req, res) => {
    const p = principalOf(req);
    if (p.kind !== "api_key") throw permissionDenied("session tokens cannot list sessions");
    const limit = limitParam(req.query, { defaultLimit: 20, max: 100 });
    const memoryStoreId = idFilter(req.query, "memory_store_id", "memstore_");
    const scope = { memory_store_id: memoryStoreId };
    const cursor = decodePage("sessions", scope, param(req.query, "page"));
    if (cursor !== null && !/^\d+:sesn_\w+$/.test(cursor)) throw invalidRequest("page: invalid or expired cursor for this list");
    const page = sessions.list(p.workspaceId, { memoryStoreId, limit, cursor });
    res.json({ data: page.items.map(sessionToWire), next_page: encodePage("sessions", scope, page.nextCursor), prev_page: null });
  });

  router.get("/:sessionId", (req, res) => {
    res.json(sessionToWire(readableSession(sessions, req)));
  });

  router.delete("/:sessionId", (req, res) => {
    const p = principalOf(req);
    requireApiKeyWriter(p);
    const id = idParam(req, "sessionId");
    if (!sessions.delete(p.workspaceId, id)) throw notFound(`session not found: ${id}`);
    res.json({ id, type: "session_deleted" });
  });

  router.post("/:sessionId/resources", (req) => {
    readableSession(sessions, req);
    bodyObject(req.body, ["type", "file_id", "mount_path", "memory_store_id", "access", "instructions"]);
    throw invalidRequest("memory stores can only be attached when a session is created; memgit sessions take no other resources");
  });

  router.post("/:sessionId/tokens", (req, res) => {
    const p = principalOf(req);
    const session = readableSession(sessions, req);
    const minter = requireApiKeyWriter(p);
    res.json({ type: "session_token", session_id: session.id, token: sessions.mintToken(session.id, minter) });
  });

  router.get("/:sessionId/memory_prompt", (req, res) => {
    const session = readableSession(sessions, req);
    res.json({ type: "memory_prompt", session_id: session.id, text: memoryPrompt(session) });
  });

  return router;
}
