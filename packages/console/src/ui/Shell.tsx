// The signed-in console: header, and the screen for the current route. Focus moves to each
// new screen's heading so a screen reader announces where the user now is. A chunk of its own:
// the sign-in page does without it.
import { PageTitle } from "./components/PageTitle.tsx";
import { useEffect, useState } from "preact/hooks";
import { canListSessions, canListStores } from "./api/can.ts";
import { signOut, type SignedIn } from "./api/signIn.ts";
import { Ctx } from "./components/context.ts";
import { useRoute } from "./components/useRoute.ts";
import { href } from "./lib/route.ts";
import { applyTheme, loadTheme, nextTheme, type Theme } from "./lib/theme.ts";
import { SessionScreen, SessionsScreen } from "./screens/Sessions.tsx";
import { StoreScreen } from "./screens/Store.tsx";
import { StoresScreen } from "./screens/Stores.tsx";

function ThemeButton() {
  const [theme, setTheme] = useState<Theme>(loadTheme);
  useEffect(() => applyTheme(theme), [theme]);
  return (
    <button type="button" class="quiet" onClick={() => setTheme(nextTheme)} aria-label={`Theme: ${theme}. Change theme`}>
      Theme: {theme}
    </button>
  );
}

function Screen({ signedIn }: { signedIn: SignedIn }) {
  const route = useRoute();
  useEffect(() => {
    const h1 = document.querySelector<HTMLElement>("main h1");
    h1?.focus();
  }, [route.name, route.name === "store" ? route.storeId + route.tab : ""]);
  switch (route.name) {
    case "stores":
      if (!canListStores(signedIn.who)) return <SessionScreen sessionId={signedIn.who.session_id ?? ""} />;
      return <StoresScreen />;
    case "store":
      return <StoreScreen route={route} />;
    case "sessions":
      return canListSessions(signedIn.who) ? <SessionsScreen /> : <SessionScreen sessionId={signedIn.who.session_id ?? ""} />;
    case "session":
      return <SessionScreen sessionId={route.sessionId} />;
    case "notFound":
      return (
        <>
          <PageTitle>Not found</PageTitle>
          <p>
            <a href={href.stores()}>Back to the stores</a>
          </p>
        </>
      );
  }
}

/** Marked once the first screen (sign-in or the signed-in shell) is on the page: the bench reads it. */
export function Shell({ signedIn, onSignedOut }: { signedIn: SignedIn; onSignedOut: () => void }) {
  const [message, setMessage] = useState("");
  const { who } = signedIn;
  const out = () => {
    signOut();
    location.hash = "";
    onSignedOut();
  };
  useEffect(() => {
    signedIn.api.onUnauthorized = out;
    return () => {
      signedIn.api.onUnauthorized = null;
    };
  }, [signedIn]);
  return (
    <Ctx.Provider value={{ api: signedIn.api, who, announce: setMessage }}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.querySelector<HTMLElement>("main h1")?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href.stores()}>
          memgit
        </a>
        <nav aria-label="Main">
          <a href={href.stores()}>Stores</a>
          <a href={href.sessions()}>{canListSessions(who) ? "Sessions" : "My session"}</a>
        </nav>
        <span class="who" title={who.workspace_id}>
          {who.kind === "session" ? `session ${who.session_id}` : `${who.api_key_id} (${who.role})`}
        </span>
        <ThemeButton />
        <button type="button" onClick={out}>
          Sign out
        </button>
      </header>
      <main id="main">
        <Screen signedIn={signedIn} />
      </main>
      <div class="sr-only" role="status" aria-live="polite">
        {message}
      </div>
    </Ctx.Provider>
  );
}
