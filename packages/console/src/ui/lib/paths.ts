// Memory paths as folders.

/** The folders above a path, outermost first: `/a/b/c.md` → `/a/`, `/a/b/`. */
export function ancestors(path: string): string[] {
  const parts = path.split("/").slice(1, -1);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join("/")}/`);
}

/** The last segment of a path or a prefix: `/a/b/` → `b`, `/a/c.md` → `c.md`. */
export function leafName(path: string): string {
  const trimmed = path.replace(/\/$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}
