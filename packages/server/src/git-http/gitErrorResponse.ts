// Errors on the git routes. A git client prints the body of a failed reply only when it is
// text/plain (each line as "remote: …"), so these answers are one plain line, not the JSON
// envelope; statuses stay what the API would send, since git acts on them: 401 asks the
// credential helper, 404 prints "repository not found".
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { ApiError, toApiError } from "../errors.ts";

export function gitErrorResponse(logger: Logger | null) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let apiError = toApiError(err);
    if (apiError === null) {
      logger?.error({ request_id: req.requestId, err }, "unhandled error on a git route");
      apiError = new ApiError(500, "api_error", "internal server error");
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (apiError.status === 401) res.setHeader("www-authenticate", 'Basic realm="memgit"');
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.setHeader("cache-control", "no-cache");
    res.status(apiError.status).send(`memgit: ${apiError.message}\n`);
  };
}
