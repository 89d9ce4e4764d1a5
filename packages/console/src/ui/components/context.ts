// What every screen needs: the API client, the signed-in credential, and the status line.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Api } from "../api/Api.ts";
import type { Credential } from "../api/types.ts";

export interface ConsoleContext {
  api: Api;
  who: Credential;
  /** Announced in the polite live region. */
  announce: (message: string) => void;
}

export const Ctx = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const ctx = useContext(Ctx);
  if (ctx === null) throw new Error("useConsole outside a signed-in console");
  return ctx;
}
