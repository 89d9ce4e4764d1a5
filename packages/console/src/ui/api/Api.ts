// The console's only way out: same-origin fetches to /v1 with the credential in a header,
// never in the URL.
import { ApiError } from "./ApiError.ts";
import type { Page } from "./types.ts";

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export class Api {
  /** Called when the credential stops working (revoked key, deleted session): sign out. */
  onUnauthorized: (() => void) | null = null;

  constructor(private readonly secret: string) {}

  async request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.secret}` };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      credentials: "omit",
      cache: "no-store",
    });
    if (res.status === 401) this.onUnauthorized?.();
    if (!res.ok) throw await ApiError.from(res);
    return (await res.json()) as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>("GET", path, { query });
  }

  post<T>(path: string, body: unknown = {}, query?: Query): Promise<T> {
    return this.request<T>("POST", path, { body, query });
  }

  delete<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>("DELETE", path, { query });
  }

  /** Every page of a list, following next_page. */
  async all<T>(path: string, query: Query = {}): Promise<T[]> {
    const out: T[] = [];
    let page: string | null = null;
    do {
      const res: Page<T> = await this.get<Page<T>>(path, { ...query, page });
      out.push(...res.data);
      page = res.next_page;
    } while (page !== null);
    return out;
  }
}

export const storePath = (storeId: string, rest = "") => `/v1/memory_stores/${encodeURIComponent(storeId)}${rest}`;
