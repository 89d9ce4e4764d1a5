// The credential lives in sessionStorage only: gone when the tab closes, never in a cookie
// (so no CSRF) and never in a URL. Signing out removes it.
import { Api } from "./Api.ts";
import type { Credential } from "./types.ts";

const KEY = "memgit.console.credential";

export interface SignedIn {
  api: Api;
  who: Credential;
}

export async function signIn(secret: string): Promise<SignedIn> {
  const api = new Api(secret);
  const who = await api.get<Credential>("/v1/whoami");
  sessionStorage.setItem(KEY, secret);
  return { api, who };
}

export const hasCredential = () => sessionStorage.getItem(KEY) !== null;

/** The credential this tab signed in with, checked again (it may have been revoked). */
export async function resume(): Promise<SignedIn | null> {
  const secret = sessionStorage.getItem(KEY);
  if (secret === null) return null;
  try {
    return await signIn(secret);
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
