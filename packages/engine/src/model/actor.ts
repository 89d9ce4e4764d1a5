import type { Actor } from "../types.ts";

/** `api_actor apikey_…` — the form used in commit trailers and the catalog. */
export function actorId(a: Actor): string {
  switch (a.type) {
    case "api_actor":
      return a.apiKeyId;
    case "session_actor":
      return a.sessionId;
    case "user_actor":
      return a.userId;
    case "service_account_actor":
      return a.serviceAccountId;
  }
}

export function makeActor(type: string, id: string): Actor | null {
  switch (type) {
    case "api_actor":
      return { type, apiKeyId: id };
    case "session_actor":
      return { type, sessionId: id };
    case "user_actor":
      return { type, userId: id };
    case "service_account_actor":
      return { type, serviceAccountId: id };
    default:
      return null;
  }
}

export const formatActor = (a: Actor) => `${a.type} ${actorId(a)}`;

export function parseActor(s: string): Actor | null {
  const sp = s.indexOf(" ");
  return sp < 0 ? null : makeActor(s.slice(0, sp), s.slice(sp + 1));
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Actor ids end up in commit headers; only id-shaped strings are accepted. */
export function isValidActor(a: Actor): boolean {
  return SAFE_ID.test(actorId(a)) && makeActor(a.type, actorId(a)) !== null;
}
