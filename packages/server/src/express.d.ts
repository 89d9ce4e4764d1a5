// Per-request state set by middleware: requestContext() and authenticate().
import type { Principal } from "./auth/principal.ts";

declare global {
  namespace Express {
    interface Request {
      requestId: string;
      principal?: Principal;
    }
  }
}
