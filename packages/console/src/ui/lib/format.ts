// How values read on screen.
import type { Actor } from "../api/types.ts";

export function actorLabel(a: Actor | null): string {
  if (a === null) return "unknown";
  switch (a.type) {
    case "api_actor":
      return a.api_key_id;
    case "session_actor":
      return a.session_id;
    case "user_actor":
      return a.user_id;
    case "service_account_actor":
      return a.service_account_id;
  }
}

export function bytes(n: number | null): string {
  if (n === null) return "—";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function when(iso: string | null): string {
  if (iso === null) return "—";
  const d = new Date(iso);
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString()}`;
}

/** A point in history as the API's bodies name it (docs/api-extensions.md §Points). */
export function pointBody(point: string): Record<string, string> {
  const p = point.trim();
  if (p.startsWith("memver_")) return { version_id: p };
  if (p.includes(":")) return { as_of: p };
  return { checkpoint: p };
}

/** The store as it is now, as a point: a time after the newest version. */
export const NOW_POINT = "2999-01-01T00:00:00Z";
