// The sign-in gate. The signed-in console (Shell.tsx) is a chunk loaded once there is a
// credential, so the first page of a new tab is the sign-in form and little else.
import { useEffect, useLayoutEffect, useState } from "preact/hooks";
import { hasCredential, resume, type SignedIn } from "./api/signIn.ts";
import { SignIn } from "./screens/SignIn.tsx";

/** Marked once the first screen (sign-in or the signed-in console) is on the page: the bench reads it. */
export const READY_MARK = "memgit-console-ready";

type ShellModule = typeof import("./Shell.tsx");
let shell: Promise<ShellModule> | null = null;
/** Starts loading the signed-in console; main.tsx calls it at once when a credential is stored. */
export const loadShell = () => (shell ??= import("./Shell.tsx"));

export function App() {
  // Without a stored credential the sign-in form is the first render, with no wait.
  const [signedIn, setSignedIn] = useState<SignedIn | null | undefined>(() => (hasCredential() ? undefined : null));
  const [mod, setMod] = useState<ShellModule | null>(null);
  useEffect(() => {
    if (hasCredential()) void resume().then(setSignedIn);
  }, []);
  useEffect(() => {
    if (signedIn) void loadShell().then(setMod);
  }, [signedIn]);
  const ready = signedIn === null || (signedIn !== undefined && mod !== null);
  useLayoutEffect(() => {
    if (ready && performance.getEntriesByName(READY_MARK).length === 0) performance.mark(READY_MARK);
  }, [ready]);
  if (signedIn === null) return <SignIn onSignedIn={(s) => (void loadShell(), setSignedIn(s))} />;
  if (signedIn === undefined || mod === null) return <p class="muted">Loading…</p>;
  return <mod.Shell signedIn={signedIn} onSignedOut={() => setSignedIn(null)} />;
}
