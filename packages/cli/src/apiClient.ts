// The SDK client of the verbs that speak the HTTP API: --url or MEMGIT_URL, the credential as
// credential.ts says, and every failure as one line naming the URL, the status and the API's
// message (the SDK's own "Connection error." names neither).
import Anthropic from "@anthropic-ai/sdk";
import { credential, CREDENTIAL_HELP, credentialOptions } from "./credential.ts";

export const DEFAULT_URL = "http://127.0.0.1:4080";

export const apiOptions = {
  url: { type: "string" },
  ...credentialOptions,
  help: { type: "boolean", short: "h", default: false },
} as const;

export const API_HELP = `       all take --url URL (MEMGIT_URL, default ${DEFAULT_URL}) and a credential:
${CREDENTIAL_HELP}`;

/** The server this process talks to and its latest request: what a failure names. */
const target: { base: string | null; last: { method: string; url: string } | null } = { base: null, last: null };

export const serverUrl = (flag?: string) => (flag ?? process.env.MEMGIT_URL ?? DEFAULT_URL).replace(/\/+$/, "");

/** Remembers the server for error messages, for clients built elsewhere (@memgit/files). */
export function noteServer(url: string): void {
  target.base = url;
}

const recordingFetch: typeof fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  target.last = { method: init?.method ?? "GET", url: url.replace(/\?.*$/, "") };
  return fetch(input, init);
};

export function apiClient(values: { url?: string; key?: string; "key-file"?: string }, verb: string): Anthropic {
  const url = serverUrl(values.url);
  noteServer(url);
  return new Anthropic({ apiKey: credential(values, verb), baseURL: url, maxRetries: 0, fetch: recordingFetch });
}

/**
 * One line for a failed request, or null when `err` is not one: `<status> <message> (<METHOD> <url>)`,
 * or `<METHOD> <url>: no answer (<cause>)` when none came.
 */
export function requestFailure(err: unknown): string | null {
  if (!(err instanceof Anthropic.APIError)) return null;
  const where = target.last ? `${target.last.method} ${target.last.url}` : (target.base ?? "the server");
  if (err instanceof Anthropic.APIConnectionError || err.status === undefined) {
    const cause = err.cause as { cause?: { code?: string; message?: string }; message?: string } | undefined;
    const why = cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? err.message;
    return `${where}: no answer (${why}); is memgit serving there? (--url, MEMGIT_URL)`;
  }
  const body = err.error as { error?: { message?: string } } | undefined;
  return `${err.status} ${body?.error?.message ?? err.message} (${where})`;
}

/** Runs `fn`; a failed request is printed as `memgit <verb>: <status> <message> (<url>)` and exits 1. */
export async function reportingApiErrors(verb: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    const line = requestFailure(err);
    if (line === null) throw err;
    process.stderr.write(`memgit ${verb}: ${line}\n`);
    return 1;
  }
}

/** A point in history as a request body: a version id as such, anything else as `as_of`. */
export const pointBody = (ref: string) => (ref.startsWith("memver_") ? { version_id: ref } : { as_of: ref });

/** Every page of a `{data, next_page}` listing. */
export async function allPages<T>(client: Anthropic, path: string, query: Record<string, string>): Promise<T[]> {
  const out: T[] = [];
  let page: string | null = null;
  do {
    const res: { data: T[]; next_page: string | null } = await client.get(path, { query: page ? { ...query, page } : query });
    out.push(...res.data);
    page = res.next_page;
  } while (page);
  return out;
}
