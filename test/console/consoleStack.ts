// A real memgit server on disk and a real headless Chromium (Debian's `chromium`, never a
// downloaded build) driven by playwright-core, for the console's end-to-end tests.
// Screenshots go to test-output/console/ (git ignores test-output/).
import Anthropic from "@anthropic-ai/sdk";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer } from "@memgit/server";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const ADMIN_KEY = "sk-memgit-console-test-admin-0001";
export const SCREENSHOTS = new URL("../../test-output/console/", import.meta.url).pathname;

/** The system's Chromium: MEMGIT_CHROMIUM, else `chromium` on PATH (.ci/run installs it). */
export function chromiumPath(): string {
  const fromEnv = process.env.MEMGIT_CHROMIUM;
  if (fromEnv) return fromEnv;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const found = execFileSync("which", [name], { encoding: "utf8" }).trim();
      if (found && existsSync(found)) return found;
    } catch {
      // try the next name
    }
  }
  throw new Error("no Chromium found: apt-get install chromium (as .ci/run does), or set MEMGIT_CHROMIUM");
}

export interface ConsoleStack {
  server: RunningServer;
  url: string;
  client: Anthropic;
  browser: Browser;
  /** A fresh browser context (its own sessionStorage), at the given viewport. */
  open: (viewport?: { width: number; height: number }) => Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  /** A key of the default workspace with the given role, made over the admin API. */
  key: (role: "admin" | "read_write" | "read_only") => Promise<string>;
  close: () => Promise<void>;
}

export async function startConsoleStack(): Promise<ConsoleStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "memgit-console-"));
  const server = await startServer({ dataDir, port: 0, logger: false, bootstrapKey: ADMIN_KEY });
  const url = `http://127.0.0.1:${server.port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in CI: Chromium's sandbox needs an unprivileged user.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const client = new Anthropic({ apiKey: ADMIN_KEY, baseURL: url, maxRetries: 0 });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    url,
    client,
    browser,
    open: async (viewport = { width: 1280, height: 800 }) => {
      const context = await browser.newContext({ viewport, baseURL: url });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        // Refused requests (a 404 the console handles) are logged by Chromium as errors too.
        if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
      });
      return { context, page, errors };
    },
    key: async (role) => {
      const created = (await client.post("/v1/admin/api_keys", { body: { role } })) as { key: string };
      return created.key;
    },
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Signs in through the form and waits for the signed-in header. */
export async function signIn(page: Page, secret: string): Promise<void> {
  await page.goto("/console");
  await page.getByLabel("API key or session token").fill(secret);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
