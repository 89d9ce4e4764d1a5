// GET /health: unauthenticated liveness for load balancers and the start script.
import { Router } from "express";

export function healthRouter(): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  return router;
}
