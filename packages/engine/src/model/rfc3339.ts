// RFC 3339 date-times, the one time syntax of the API (`2026-11-24T14:38:54.792Z`, any offset).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or null when `s` is not an RFC 3339 date-time. */
export function parseRfc3339(s: string): number | null {
  if (!RFC3339.test(s)) return null;
  const ms = new Date(s.toUpperCase()).getTime();
  return Number.isNaN(ms) ? null : ms;
}
