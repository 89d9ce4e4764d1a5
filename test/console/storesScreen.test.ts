// The console in Chromium against a real server: served at /console, sign-in, the stores
// screen, and what a read-only key is (not) offered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, screenshot, signIn, startConsoleStack, type ConsoleStack } from "./consoleStack.ts";

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
});
afterAll(async () => {
  await stack?.close();
});

describe("console: served by the memgit server", () => {
  it("redirects / to /console and serves the page with a strict CSP and gzipped assets", async () => {
    const root = await fetch(`${stack.url}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/console");
    const page = await fetch(`${stack.url}/console`, { headers: { "accept-encoding": "gzip" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const script = /src="(\/console\/assets\/app-[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(`${stack.url}${script}`, { headers: { "accept-encoding": "gzip" } });
    expect(js.status).toBe(200);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    const missing = await fetch(`${stack.url}/console/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { type: string } }).error.type).toBe("not_found_error");
  });

  it("GET /v1/whoami says what the credential is", async () => {
    const who = await stack.client.get("/v1/whoami");
    expect(who).toMatchObject({ type: "credential", kind: "api_key", role: "admin", session_id: null, memory_stores: null });
  });
});

describe("console: sign in and stores", () => {
  it("refuses a wrong key, keeps the right one in sessionStorage only, and signs out", async () => {
    const { context, page, errors } = await stack.open();
    await page.goto("/console");
    await screenshot(page, "01-sign-in");
    await page.getByLabel("API key or session token").fill("sk-memgit-not-a-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("not accepted");

    await page.getByLabel("API key or session token").fill(ADMIN_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Memory stores" }).waitFor();
    expect(await page.evaluate("Object.values(sessionStorage)")).toContain(ADMIN_KEY);
    expect(await page.evaluate("JSON.stringify(localStorage)")).not.toContain(ADMIN_KEY);
    expect(await context.cookies()).toEqual([]);
    expect(page.url()).not.toContain(ADMIN_KEY);

    // A reload resumes from sessionStorage; signing out forgets the key.
    await page.reload();
    await page.getByRole("heading", { name: "Memory stores" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key or session token").waitFor();
    expect(await page.evaluate("sessionStorage.length")).toBe(0);
    expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
    await context.close();
  });

  it("creates, renames, archives and deletes a store", async () => {
    await stack.client.beta.memoryStores.create({ name: "Seeded" });
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.getByRole("button", { name: "New store" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Team notes");
    await dialog.getByLabel("Description").fill("what the team agreed");
    await dialog.getByRole("button", { name: "Save" }).click();
    await page.getByRole("link", { name: "Team notes" }).waitFor();
    await screenshot(page, "02-stores");

    await page.getByRole("button", { name: "Rename Team notes" }).click();
    await page.getByRole("dialog").getByLabel("Name").fill("Team memory");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await page.getByRole("link", { name: "Team memory" }).waitFor();

    await page.getByRole("button", { name: "Archive Team memory" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Archive" }).click();
    await page.getByRole("link", { name: "Team memory" }).waitFor({ state: "detached" });
    await page.getByLabel("Show archived stores").check();
    await page.getByRole("link", { name: "Team memory" }).waitFor();

    await page.getByRole("button", { name: "Delete Team memory" }).click();
    const confirm = page.getByRole("dialog");
    await expect.poll(() => confirm.textContent()).toContain("Team memory");
    const deleteButton = confirm.getByRole("button", { name: "Delete store" });
    expect(await deleteButton.isDisabled()).toBe(true);
    await confirm.getByLabel(/Type .* to confirm/).fill("Team memory");
    await deleteButton.click();
    await page.getByRole("link", { name: "Team memory" }).waitFor({ state: "detached" });
    const names = (await stack.client.beta.memoryStores.list({ include_archived: true })).data.map((s) => s.name);
    expect(names).not.toContain("Team memory");
    expect(names).toContain("Seeded");
    await context.close();
  });

  it("signs out when the key is revoked while signed in", async () => {
    const key = await stack.key("read_write");
    const { context, page } = await stack.open();
    await signIn(page, key);
    await page.getByRole("link", { name: "Seeded" }).waitFor();
    const { data } = (await stack.client.get("/v1/admin/api_keys")) as { data: { id: string; revoked_at: string | null }[] };
    const who = (await (await fetch(`${stack.url}/v1/whoami`, { headers: { authorization: `Bearer ${key}` } })).json()) as { api_key_id: string };
    expect(data.some((k) => k.id === who.api_key_id)).toBe(true);
    await stack.client.post(`/v1/admin/api_keys/${who.api_key_id}/revoke`, {});
    await page.getByRole("link", { name: "Seeded" }).click();
    await page.getByLabel("API key or session token").waitFor();
    expect(await page.evaluate("sessionStorage.length")).toBe(0);
    await context.close();
  });

  it("offers a read-only key no write controls", async () => {
    const readOnly = await stack.key("read_only");
    const { context, page } = await stack.open();
    await signIn(page, readOnly);
    await page.getByRole("link", { name: "Seeded" }).waitFor();
    expect(await page.getByRole("button", { name: "New store" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^(Rename|Archive|Delete) / }).count()).toBe(0);
    await screenshot(page, "09-read-only-stores");
    await context.close();
  });
});
