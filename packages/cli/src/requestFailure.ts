// One line for a failed request (docs/decisions/0060), without loading the SDK: verbs that
// never speak HTTP (serve, keys, workspaces) share the frame and should not pay for it. The
// SDK's errors are recognised by their fields (APIError's status is undefined when no answer came).

/** The server this process talks to and its latest request: what a failure names. */
export const requestTarget: { base: string | null; last: { method: string; url: string } | null } = { base: null, last: null };

interface SdkError {
  name: string;
  status: number | undefined;
  error?: { error?: { message?: string } };
  cause?: { cause?: { code?: string; message?: string }; message?: string };
  message: string;
}

const isSdkError = (err: unknown): err is SdkError => err instanceof Error && "status" in err && "headers" in err && "error" in err && "requestID" in err;

/**
 * `<status> <message> (<METHOD> <url>)`, or `<METHOD> <url>: no answer (<cause>)` when none
 * came; null when `err` is not a failed request.
 */
export function requestFailure(err: unknown): string | null {
  if (!isSdkError(err)) return null;
  const t = requestTarget;
  const where = t.last ? `${t.last.method} ${t.last.url}` : (t.base ?? "the server");
  if (err.status === undefined) {
    const why = err.cause?.cause?.code ?? err.cause?.cause?.message ?? err.cause?.message ?? err.message;
    return `${where}: no answer (${why}); is memgit serving there? (--url, MEMGIT_URL)`;
  }
  return `${err.status} ${err.error?.error?.message ?? err.message} (${where})`;
}
