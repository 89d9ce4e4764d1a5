// Requests that Node or Express would otherwise answer without the error envelope: an
// HTTP/1.1 request without Host (RFC 9112 §3.2: 400; Node's own check sends a bare 400, so
// httpServer.ts turns it off) and OPTIONS (Express answers with a text/plain Allow list).
import type { NextFunction, Request, Response } from "express";
import { invalidRequest, notFound } from "../errors.ts";

export function strictHttp() {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.httpVersion === "1.1" && req.headers.host === undefined) throw invalidRequest("host: header required");
    // The console is served from the same origin and no other origin is let in, so there is
    // no CORS preflight to answer.
    if (req.method === "OPTIONS") throw notFound(`no route for OPTIONS ${req.path.slice(0, 200)}`);
    next();
  };
}
