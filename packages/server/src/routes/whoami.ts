// GET /v1/whoami: what the presented credential is and may do, so a client (the console)
// offers only what will be allowed. A memgit extension (docs/api-extensions.md).
import { Router } from "express";
import { principalOf } from "./context.ts";

export function whoamiRouter(): Router {
  const router = Router();
  router.get("/", (req, res) => {
    const p = principalOf(req);
    res.json({
      type: "credential",
      kind: p.kind,
      workspace_id: p.workspaceId,
      role: p.role,
      api_key_id: p.actor.type === "api_actor" ? p.actor.apiKeyId : null,
      session_id: p.actor.type === "session_actor" ? p.actor.sessionId : null,
      memory_stores: p.stores === null ? null : [...p.stores].map(([id, access]) => ({ memory_store_id: id, access })),
    });
  });
  return router;
}
