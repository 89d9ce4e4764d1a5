// Any failure of a tool call as one clear line for the model: the memory tool's own refusals
// as they are, API errors as their status and the server's message, the rest as a short note.
// The MCP SDK turns a thrown error into a tool result with isError set (not a protocol error).
import Anthropic from "@anthropic-ai/sdk";
import { MemoryToolError, StoreClientError } from "@memgit/files";

export function toolErrorMessage(err: unknown): string {
  if (err instanceof MemoryToolError) return err.message;
  if (err instanceof StoreClientError) return `The memory store refused: ${err.message}`;
  if (err instanceof Anthropic.APIError) {
    const body = (err.error as { error?: { message?: string } } | undefined)?.error;
    if (err.status === undefined) return `The memory server did not answer: ${err.message}`;
    return `The memory server answered ${err.status}: ${body?.message ?? err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Runs a tool body; a failure is rethrown with a message a model can act on. */
export async function explained<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new Error(toolErrorMessage(err), { cause: err });
  }
}
