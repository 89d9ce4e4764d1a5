// Query strings (spec §2.2, §3): names arrive percent-encoded and decoded by Express's
// simple parser, so `created_at[gte]` is one literal key. Unknown parameters are ignored
// (the SDK and older clients send `beta=true`, `order_by`, `order`).
import type { Operation, View } from "@memgit/engine";
import { invalidRequest } from "../errors.ts";

export type Query = Record<string, unknown>;

/** A parameter's single value; repeating a parameter is an error, not a silent pick. */
export function param(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalidRequest(`${name}: must be given at most once`);
  return v;
}

export function limitParam(q: Query, options: { defaultLimit: number; max: number }): number {
  const raw = param(q, "limit");
  if (raw === undefined) return options.defaultLimit;
  if (!/^[0-9]{1,4}$/.test(raw)) throw invalidRequest(`limit: must be an integer from 1 to ${options.max}`);
  const n = Number(raw);
  if (n < 1 || n > options.max) throw invalidRequest(`limit: must be an integer from 1 to ${options.max}`);
  return n;
}

export function viewParam(q: Query, defaultView: View): View {
  const raw = param(q, "view");
  if (raw === undefined) return defaultView;
  if (raw !== "basic" && raw !== "full") throw invalidRequest("view: must be one of basic, full");
  return raw;
}

export function boolParam(q: Query, name: string): boolean | undefined {
  const raw = param(q, name);
  if (raw === undefined) return undefined;
  if (raw !== "true" && raw !== "false") throw invalidRequest(`${name}: must be true or false`);
  return raw === "true";
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export function timeParam(q: Query, name: string): Date | undefined {
  const raw = param(q, name);
  if (raw === undefined) return undefined;
  const d = RFC3339.test(raw) ? new Date(raw.toUpperCase()) : null;
  if (d === null || Number.isNaN(d.getTime())) throw invalidRequest(`${name}: must be an RFC 3339 timestamp`);
  return d;
}

/** `path_prefix` (default "/"): a directory, starting and ending with "/". */
export function pathPrefixParam(q: Query): string {
  const raw = param(q, "path_prefix") ?? "/";
  if (!raw.startsWith("/") || !raw.endsWith("/")) throw invalidRequest("path_prefix: must start and end with /");
  return raw;
}

export function depthParam(q: Query): 0 | 1 {
  const raw = param(q, "depth");
  if (raw === undefined || raw === "0") return 0;
  if (raw === "1") return 1;
  throw invalidRequest("depth: must be 0 or 1");
}

const operations: readonly Operation[] = ["created", "modified", "deleted"];

export function operationParam(q: Query): Operation | undefined {
  const raw = param(q, "operation");
  if (raw === undefined) return undefined;
  if (!operations.includes(raw as Operation)) throw invalidRequest("operation: must be one of created, modified, deleted");
  return raw as Operation;
}

/** An id filter; its prefix is checked so typos fail loudly rather than match nothing. */
export function idParam(q: Query, name: string, prefix: string): string | undefined {
  const raw = param(q, name);
  if (raw === undefined) return undefined;
  if (!raw.startsWith(prefix) || !/^[A-Za-z0-9_]{1,128}$/.test(raw))
    throw invalidRequest(`${name}: must be an id starting with ${prefix}`);
  return raw;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Param(q: Query, name: string): string | undefined {
  const raw = param(q, name);
  if (raw === undefined) return undefined;
  if (!SHA256_HEX.test(raw)) throw invalidRequest(`${name}: must be 64 lowercase hex characters`);
  return raw;
}

export const isSha256Hex = (s: string) => SHA256_HEX.test(s);
