// The console at a phone's width and in the dark theme, and keyboard use: nothing wider than
// the screen, the theme follows the toggle, and the main screens work from the keyboard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, screenshot, signIn, startConsoleStack, type ConsoleStack } from "./consoleStack.ts";

let stack: ConsoleStack;
let storeId: string;
let memoryId: string;

beforeAll(async () => {
  stack = await startConsoleStack();
  storeId = (await stack.client.beta.memoryStores.create({ name: "Phone" })).id;
  const m = await stack.client.beta.memoryStores.memories.create(storeId, {
    path: "/projects/console/notes.md",
    content: "# Notes\n\n- a list item with a long line that has to wrap on a phone screen rather than scroll sideways\n",
  });
  memoryId = m.id;
});
afterAll(async () => {
  await stack?.close();
});

const overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth";

describe("console: layout and access", () => {
  it("fits a phone's width", async () => {
    const { context, page } = await stack.open({ width: 390, height: 844 });
    await signIn(page, ADMIN_KEY);
    await page.getByRole("link", { name: "Phone" }).waitFor();
    expect(await page.evaluate(overflow)).toBeLessThanOrEqual(0);
    await screenshot(page, "13-phone-stores");
    await page.goto(`/console#/stores/${storeId}/memories/${memoryId}`);
    await page.getByRole("heading", { name: "Notes", exact: true }).waitFor();
    expect(await page.evaluate(overflow)).toBeLessThanOrEqual(0);
    await screenshot(page, "14-phone-memory");
    await context.close();
  });

  it("switches to the dark theme and keeps it", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    const background = () => page.evaluate("getComputedStyle(document.body).backgroundColor");
    const light = await background();
    await page.getByRole("button", { name: /Change theme/ }).click(); // system → light
    await page.getByRole("button", { name: /Change theme/ }).click(); // light → dark
    expect(await page.evaluate("document.documentElement.dataset.theme")).toBe("dark");
    expect(await background()).not.toBe(light);
    await page.goto(`/console#/stores/${storeId}/memories/${memoryId}`);
    await page.getByRole("heading", { name: "Notes", exact: true }).waitFor();
    await screenshot(page, "15-dark-memory");
    await page.reload();
    await page.getByRole("heading", { name: "Notes", exact: true }).waitFor();
    expect(await page.evaluate("document.documentElement.dataset.theme")).toBe("dark");
    await context.close();
  });

  it("signs in and opens a store from the keyboard alone, with focus on each screen's heading", async () => {
    const { context, page } = await stack.open();
    await page.goto("/console");
    await page.getByLabel("API key or session token").waitFor();
    expect(await page.evaluate("document.activeElement.name")).toBe("credential");
    await page.keyboard.type(ADMIN_KEY);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Memory stores" }).waitFor();
    await expect.poll(() => page.evaluate("document.activeElement.textContent")).toBe("Memory stores");
    // Tab to the store's link and follow it.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate("document.activeElement.textContent")) === "Phone") break;
    }
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate("document.activeElement.tagName + ' ' + document.activeElement.textContent")).toMatch(/^H1 Phone/);
    await context.close();
  });
});
