// The console on routes other packages serve: store stats on the stores list, and search
// with its matches marked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, screenshot, signIn, startConsoleStack, type ConsoleStack } from "./consoleStack.ts";

let stack: ConsoleStack;
let storeId: string;

beforeAll(async () => {
  stack = await startConsoleStack();
  storeId = (await stack.client.beta.memoryStores.create({ name: "Searchable" })).id;
  const mem = stack.client.beta.memoryStores.memories;
  await mem.create(storeId, { path: "/prefs/editor.md", content: "# Editor\nprefers Vim\nalso vim keybindings in the shell\n" });
  await mem.create(storeId, { path: "/prefs/shell.md", content: "zsh\n" });
  await mem.create(storeId, { path: "/notes/other.md", content: "preferred helix once\n" });
});
afterAll(async () => {
  await stack?.close();
});

describe("console: stats and search", () => {
  it("shows each store's memories, size and versions on the stores list", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    const row = page.getByRole("row", { name: /Searchable/ });
    await row.waitFor();
    const stats = (await stack.client.get(`/v1/memory_stores/${storeId}/stats`)) as { memories: number; versions: number };
    expect(stats.memories).toBe(3);
    const cells = row.locator("td.num");
    await expect.poll(() => cells.nth(0).textContent()).toBe("3");
    expect(await cells.nth(2).textContent()).toBe(String(stats.versions));
    await context.close();
  });

  it("searches and marks every match, case folded or as a regex", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/search`);
    await page.getByLabel("Search for").fill("vim");
    await page.getByRole("button", { name: "Search" }).click();
    const results = page.getByRole("region", { name: "Search results" });
    await results.getByRole("link", { name: "/prefs/editor.md" }).waitFor();
    expect(await results.locator("mark").allTextContents()).toEqual(["vim"]);

    await page.getByLabel("Match case").uncheck();
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => results.locator("mark").allTextContents()).toEqual(["Vim", "vim"]);
    await screenshot(page, "16-search");

    await page.getByLabel("Search for").fill("pre(fers|ferred) \\w+");
    await page.getByLabel("Regular expression").check();
    await page.getByRole("button", { name: "Search" }).click();
    await results.getByRole("link", { name: "/notes/other.md" }).waitFor();
    expect((await results.locator("mark").allTextContents()).sort()).toEqual(["preferred helix", "prefers Vim"]);
    await context.close();
  });
});
