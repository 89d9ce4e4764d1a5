// The web console (packages/console) at /console; `/` leads there. The page and its assets
// need no credential: the console signs in from the browser against /v1 like any client.
import { CONSOLE_BASE, consoleAssets, SECURITY_HEADERS, type ConsoleAsset } from "@memgit/console";
import { Router, type Request, type Response } from "express";
import { notFound } from "../errors.ts";

function send(req: Request, res: Response, asset: ConsoleAsset): void {
  res.set(SECURITY_HEADERS);
  res.setHeader("content-type", asset.contentType);
  res.setHeader("cache-control", asset.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.setHeader("etag", asset.etag);
  res.setHeader("vary", "accept-encoding");
  if (req.headers["if-none-match"] === asset.etag) {
    res.status(304).end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  if (gzip) res.setHeader("content-encoding", "gzip");
  res.end(req.method === "HEAD" ? undefined : gzip ? asset.gzip : asset.body);
}

export function consoleRouter(): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    res.redirect(302, CONSOLE_BASE);
  });
  router.get([CONSOLE_BASE, `${CONSOLE_BASE}/`], async (req, res) => {
    send(req, res, (await consoleAssets()).page);
  });
  router.get(`${CONSOLE_BASE}/assets/:name`, async (req, res) => {
    const name = String(req.params.name);
    const asset = (await consoleAssets()).files.get(name);
    if (asset === undefined) throw notFound(`no console asset ${name.slice(0, 200)}`);
    send(req, res, asset);
  });
  return router;
}
