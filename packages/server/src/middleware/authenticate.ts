// Spec §2.4: `x-api-key: <key>` or `Authorization: Bearer <key>` (what the SDK sends).
import type { NextFunction, Request, Response } from "express";
import type { Principal } from "../auth/principal.ts";
import { permissionDenied, unauthenticated } from "../errors.ts";

export type ResolveCredential = (secret: string) => Principal | null;

function presentedSecret(req: Request): string | null {
  const apiKey = req.headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey.length > 0) return apiKey.trim();
  const authz = req.headers.authorization;
  const match = typeof authz === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(authz) : null;
  return match ? match[1]! : null;
}

export function authenticate(resolve: ResolveCredential) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const secret = presentedSecret(req);
    if (secret === null)
      throw unauthenticated("missing API key: send it as x-api-key or Authorization: Bearer");
    const principal = resolve(secret);
    if (principal === null) throw unauthenticated("invalid API key");
    // Spec §2.2: the header may be omitted, but when sent it must name the key's workspace.
    const workspace = req.headers["anthropic-workspace-id"];
    if (typeof workspace === "string" && workspace !== "" && workspace !== principal.workspaceId)
      throw permissionDenied(`this credential does not belong to workspace ${workspace}`);
    req.principal = principal;
    next();
  };
}
