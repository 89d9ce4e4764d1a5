// The SDK client of the verbs that speak the HTTP API (`restore`, `diff`, `checkpoints`):
// --url or MEMGIT_URL, the credential as credential.ts says, and API errors as one line.
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

export function apiClient(values: { url?: string; key?: string; "key-file"?: string }, verb: string): Anthropic {
  const url = (values.url ?? process.env.MEMGIT_URL ?? DEFAULT_URL).replace(/\/+$/, "");
  return new Anthropic({ apiKey: credential(values, verb), baseURL: url, maxRetries: 0 });
}

/** Runs `fn`; an API error is printed as `memgit <verb>: <status> <message>` and exits 1. */
export async function reportingApiErrors(verb: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof Anthropic.APIError)) throw err;
    const body = err.error as { error?: { message?: string } } | undefined;
    process.stderr.write(`memgit ${verb}: ${err.status ?? "no response"} ${body?.error?.message ?? err.message}\n`);
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
