// Hash routes: the server serves one page at /console, and nothing in a route is secret.
export type Route =
  | { name: "stores" }
  | { name: "store"; storeId: string; tab: StoreTab; id: string | null; params: URLSearchParams }
  | { name: "sessions" }
  | { name: "session"; sessionId: string }
  | { name: "notFound" };

export const STORE_TABS = ["memories", "history", "diff", "restore", "checkpoints", "search", "sessions", "backups"] as const;
export type StoreTab = (typeof STORE_TABS)[number];

export function parseRoute(hash: string): Route {
  const [pathPart = "", queryPart = ""] = hash.replace(/^#/, "").split("?", 2);
  const parts = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(queryPart);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "stores")) return { name: "stores" };
  if (parts[0] === "stores" && parts[1]) {
    const tab = (parts[2] ?? "memories") as StoreTab;
    if (!STORE_TABS.includes(tab)) return { name: "notFound" };
    return { name: "store", storeId: parts[1], tab, id: parts[3] ?? null, params };
  }
  if (parts[0] === "sessions") return parts[1] ? { name: "session", sessionId: parts[1] } : { name: "sessions" };
  return { name: "notFound" };
}

type Params = Record<string, string | undefined | null>;

function query(params: Params | undefined): string {
  if (!params) return "";
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export const href = {
  stores: () => "#/stores",
  store: (storeId: string, tab: StoreTab = "memories", id?: string | null, params?: Params) =>
    `#/stores/${encodeURIComponent(storeId)}/${tab}${id ? `/${encodeURIComponent(id)}` : ""}${query(params)}`,
  sessions: () => "#/sessions",
  session: (sessionId: string) => `#/sessions/${encodeURIComponent(sessionId)}`,
};
