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

/** A store that looks like an agent's memory, for the README's picture. */
async function seedShowcase(): Promise<{ storeId: string; memoryId: string }> {
  const stores = stack.client.beta.memoryStores;
  const storeId = (await stores.create({ name: "Coding assistant", description: "what the agent keeps between sessions" })).id;
  const mem = stores.memories;
  const editor = await mem.create(storeId, { path: "/preferences/editor.md", content: "# Editor\n\n- prefers **vim** keybindings\n- tabs: 2 spaces\n" });
  await mem.update(editor.id, { memory_store_id: storeId, content: "# Editor\n\n- prefers **helix**, vim keybindings elsewhere\n- tabs: 2 spaces\n- format on save\n" });
  await mem.create(storeId, { path: "/preferences/shell.md", content: "zsh, with `fzf` for history" });
  await mem.create(storeId, { path: "/projects/memgit/architecture.md", content: "# memgit\n\nEvery store is a git repository." });
  await mem.create(storeId, { path: "/projects/memgit/todo.md", content: "- [ ] console screenshots" });
  await mem.create(storeId, { path: "/people/ada.md", content: "Ada reviews the engine; likes short answers." });
  return { storeId, memoryId: editor.id };
}

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

  it("shows a store's memories and one memory's history (the README's picture)", async () => {
    const { storeId: showcase, memoryId: editor } = await seedShowcase();
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${showcase}/memories/${editor}`);
    await page.getByRole("heading", { name: "Editor", exact: true }).waitFor();
    await page.getByRole("navigation", { name: "Memories by path" }).getByRole("button", { name: "projects/" }).click();
    await page.getByRole("button", { name: "memgit/" }).click();
    await page.getByRole("link", { name: "todo.md" }).waitFor();
    await page.locator("table.timeline tbody tr").nth(1).waitFor();
    await screenshot(page, "00-readme");
    await context.close();
  });

  it("switches to the dark theme and keeps it", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    const background = () => page.evaluate("getComputedStyle(document.body).backgroundColor");
    const light = await background();
    await page.getByRole("button", { name: "Theme: system. Change theme" }).click();
    await page.getByRole("button", { name: "Theme: light. Change theme" }).click();
    await page.getByRole("button", { name: "Theme: dark. Change theme" }).waitFor();
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
