// Spec §2.4: `x-api-key: <key>` or `Authorization: Bearer <key>` (what the SDK sends). The git
// routes also take HTTP Basic with the key as the password, which is all a git client's
// credential helpers can send (docs/decisions/0050).
import type { NextFunction, Request, Response } from "express";
import type { Principal } from "../auth/principal.ts";
import { permissionDenied, unauthenticated } from "../errors.ts";

export type ResolveCredential = (secret: string) => Principal | null;

export interface CredentialForms {
  /** `Authorization: Basic base64(<any user>:<key>)`. */
  basic?: boolean;
}

/** The password of a Basic credential; the user name is ignored. */
function basicPassword(authz: string): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authz);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  return password.length > 0 ? password : null;
}

/** The key or token the request carries, as sent (null: none). */
export function presentedSecret(req: Request, forms: CredentialForms = {}): string | null {
  const apiKey = req.headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey.length > 0) return apiKey.trim();
  const authz = req.headers.authorization;
  if (typeof authz !== "string") return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authz);
  if (bearer) return bearer[1]!;
  return forms.basic ? basicPassword(authz) : null;
}

export function authenticate(resolve: ResolveCredential, forms: CredentialForms = {}) {
  const missing = forms.basic
    ? "missing API key: send it as the password of HTTP Basic, as x-api-key or as Authorization: Bearer"
    : "missing API key: send it as x-api-key or Authorization: Bearer";
  return (req: Request, _res: Response, next: NextFunction) => {
    const secret = presentedSecret(req, forms);
    if (secret === null) throw unauthenticated(missing);
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
