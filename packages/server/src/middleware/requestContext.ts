// First middleware: a request id on every response, and one log line per request that
// names the credential's id but never a secret, a body, or a query string.
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { principalLabel } from "../auth/principal.ts";
import { newRequestId } from "../ids.ts";

export function requestContext(logger: Logger | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    req.requestId = newRequestId();
    res.setHeader("request-id", req.requestId);
    if (logger) {
      const started = process.hrtime.bigint();
      res.on("finish", () => {
        logger.info({
          request_id: req.requestId,
          method: req.method,
          path: req.originalUrl.split("?")[0]!.slice(0, 200),
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          credential: req.principal ? principalLabel(req.principal) : null,
        });
      });
    }
    next();
  };
}
