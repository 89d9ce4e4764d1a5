// /mcp: memgit's MCP server over Streamable HTTP (issue 13 §An MCP server, @memgit/mcp). The
// caller authenticates like on the API; the tools then call the API on loopback with the same
// credential, so they see and may change exactly what the caller may (docs/decisions/0066).
// A session token serves its session's stores; a key serves `?store=ID` (repeatable) or every
// store of its workspace.
import { handleMcpHttp, type StoreSelection } from "@memgit/mcp";
import { Router, type Request } from "express";
import { invalidRequest } from "../errors.ts";
import { presentedSecret } from "../middleware/authenticate.ts";
import { principalOf } from "./context.ts";

function selection(req: Request): StoreSelection {
  const principal = principalOf(req);
  const readOnly = principal.role === "read_only";
  if (principal.actor.type === "session_actor") return { session: principal.actor.sessionId, readOnly };
  const raw = req.query.store;
  const ids = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (!ids.every((id): id is string => typeof id === "string" && /^memstore_[A-Za-z0-9]{1,120}$/.test(id)))
    throw invalidRequest("store: must be memory store ids (memstore_…)");
  return ids.length > 0 ? { stores: ids, readOnly } : { all: true, readOnly };
}

/** The API's own address as this request reached it. */
function loopbackURL(req: Request): string {
  const host = req.socket.localAddress ?? "127.0.0.1";
  return `http://${host.includes(":") ? `[${host}]` : host}:${req.socket.localPort}`;
}

export function mcpRouter(): Router {
  const router = Router();
  router.all("/", async (req, res) => {
    const call = { apiURL: loopbackURL(req), credential: presentedSecret(req)!, selection: selection(req) };
    await handleMcpHttp(req, res, Buffer.isBuffer(req.body) ? req.body : undefined, call);
  });
  return router;
}
