// Sessions in the console: which stores a session has attached and in which mode, what it
// wrote, and signing in with its token (it sees only its stores, and writes only where its
// attachment allows).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, screenshot, signIn, startConsoleStack, type ConsoleStack } from "./consoleStack.ts";

let stack: ConsoleStack;
let writableId: string;
let readOnlyId: string;
let otherId: string;
let sessionId: string;
let token: string;

beforeAll(async () => {
  stack = await startConsoleStack();
  const stores = stack.client.beta.memoryStores;
  writableId = (await stores.create({ name: "Scratch" })).id;
  readOnlyId = (await stores.create({ name: "Handbook" })).id;
  otherId = (await stores.create({ name: "Elsewhere" })).id;
  await stores.memories.create(readOnlyId, { path: "/rules.md", content: "be kind" });
  const session = (await stack.client.post("/v1/sessions", {
    body: {
      title: "nightly agent",
      resources: [
        { type: "memory_store", memory_store_id: writableId, access: "read_write" },
        { type: "memory_store", memory_store_id: readOnlyId, access: "read_only" },
      ],
    },
  })) as { id: string };
  sessionId = session.id;
  token = ((await stack.client.post(`/v1/sessions/${sessionId}/tokens`, {})) as { token: string }).token;
  const res = await fetch(`${stack.url}/v1/memory_stores/${writableId}/memories`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ path: "/found.md", content: "the agent found this" }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await stack?.close();
});

describe("console: sessions", () => {
  it("lists sessions with their attached stores and modes, and what a session wrote", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
    const row = page.getByRole("row", { name: /nightly agent/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Scratch\s*read_write/);
    expect(await row.textContent()).toMatch(/Handbook\s*read_only/);
    await row.getByRole("link", { name: "nightly agent" }).click();
    const written = page.getByRole("table", { name: "Versions this session wrote" });
    await written.waitFor();
    expect(await written.locator("tbody tr").count()).toBe(1);
    expect(await written.textContent()).toContain("/found.md");
    await screenshot(page, "12-session");
    await context.close();
  });

  it("GET /v1/whoami names a session token's attachments", async () => {
    const res = await fetch(`${stack.url}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(await res.json()).toMatchObject({
      kind: "session",
      session_id: sessionId,
      api_key_id: null,
      memory_stores: expect.arrayContaining([
        { memory_store_id: writableId, access: "read_write" },
        { memory_store_id: readOnlyId, access: "read_only" },
      ]),
    });
  });

  it("signs in with a session token: only its stores, writes only where attached read_write", async () => {
    const { context, page } = await stack.open();
    await signIn(page, token);
    await page.getByRole("heading", { name: "Session nightly agent" }).waitFor();
    expect(await page.getByRole("heading", { name: "Memory stores" }).count()).toBe(0);
    await page.getByRole("link", { name: "Handbook" }).click();
    await page.getByRole("heading", { name: /Handbook.*read only/ }).waitFor();
    expect(await page.getByRole("link", { name: "New memory" }).count()).toBe(0);
    await page.goto(`/console#/stores/${writableId}/memories`);
    await page.getByRole("link", { name: "New memory" }).waitFor();
    await page.goto(`/console#/stores/${otherId}/memories`);
    await page.getByRole("alert").filter({ hasText: "not found" }).waitFor();
    await context.close();
  });
});
