import { render } from "preact";
import { hasCredential } from "./api/signIn.ts";
import { App, loadShell } from "./App.tsx";
import { applyTheme, loadTheme } from "./lib/theme.ts";
import "./styles.css";

applyTheme(loadTheme());
// A stored credential means the signed-in console comes next: fetch it beside the sign-in check.
if (hasCredential()) void loadShell();
render(<App />, document.getElementById("app")!);
