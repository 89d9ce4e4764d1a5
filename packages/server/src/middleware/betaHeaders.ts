// Spec §2.3: memory-store routes take either beta, never both; none is allowed unless strict.
import type { NextFunction, Request, Response } from "express";
import { invalidRequest } from "../errors.ts";

export const MEMORY_BETA = "agent-memory-2026-07-22";
export const MANAGED_AGENTS_BETA = "managed-agents-2026-04-01";

export interface BetaRules {
  /** Both memory betas on one request → 400 (the documented behaviour). Default true. */
  rejectBoth: boolean;
  /** No memory beta at all → 400. Default false (lenient). */
  requireOne: boolean;
}

export const defaultBetaRules: BetaRules = { rejectBoth: true, requireOne: false };

export function betaValues(req: Request): Set<string> {
  const raw = req.headers["anthropic-beta"];
  const joined = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  return new Set(joined.split(",").map((s) => s.trim()).filter((s) => s !== ""));
}

export function memoryBetas(rules: BetaRules) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const betas = betaValues(req);
    const memory = betas.has(MEMORY_BETA);
    const managed = betas.has(MANAGED_AGENTS_BETA);
    if (memory && managed && rules.rejectBoth)
      throw invalidRequest(
        `anthropic-beta: send either ${MEMORY_BETA} or ${MANAGED_AGENTS_BETA} on memory store requests, not both`,
      );
    if (!memory && !managed && rules.requireOne)
      throw invalidRequest(`anthropic-beta: memory store requests must send ${MEMORY_BETA} or ${MANAGED_AGENTS_BETA}`);
    next();
  };
}
