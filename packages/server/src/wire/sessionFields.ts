// The session fields memgit stores besides its attachments, each bounded so that no request
// can grow server.sqlite or a list page without limit (docs/decisions/0014). Metadata limits
// are the SDK's documented ones; the others are memgit's choice.
import { invalidRequest } from "../errors.ts";
import { boundedString, checkLength, isObject, optionalStringMap, type JsonObject } from "./body.ts";

export const MAX_TITLE = 255;
/** Agent and environment ids are opaque to memgit; real ones are about 30 characters. */
export const MAX_REFERENCE_ID = 128;
export const MAX_METADATA_PAIRS = 16;
export const MAX_METADATA_KEY = 64;
export const MAX_METADATA_VALUE = 512;

export interface SessionFields {
  title: string | null;
  agentId: string | null;
  environmentId: string | null;
  metadata: Record<string, string>;
}

/** `agent` is an id string or an object carrying one; only the id is kept. */
function agentId(agent: unknown): string | null {
  if (agent === undefined || agent === null) return null;
  if (typeof agent === "string") return checkLength(agent, "agent", MAX_REFERENCE_ID);
  if (isObject(agent) && typeof agent.id === "string") return checkLength(agent.id, "agent.id", MAX_REFERENCE_ID);
  throw invalidRequest("agent: must be an agent id or an object with a string id");
}

function metadata(body: JsonObject): Record<string, string> {
  const map = (optionalStringMap(body, "metadata", false) ?? {}) as Record<string, string>;
  const entries = Object.entries(map);
  if (entries.length > MAX_METADATA_PAIRS) throw invalidRequest(`metadata: at most ${MAX_METADATA_PAIRS} pairs`);
  for (const [key, value] of entries) {
    if (key === "" || [...key].length > MAX_METADATA_KEY)
      throw invalidRequest(`metadata: keys must be 1 to ${MAX_METADATA_KEY} characters`);
    checkLength(value, `metadata.${key}`, MAX_METADATA_VALUE);
  }
  return map;
}

export function sessionFields(body: JsonObject): SessionFields {
  return {
    title: boundedString(body, "title", MAX_TITLE) ?? null,
    agentId: agentId(body.agent),
    environmentId: boundedString(body, "environment_id", MAX_REFERENCE_ID) ?? null,
    metadata: metadata(body),
  };
}
