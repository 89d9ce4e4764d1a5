// Memories in the console, in Chromium against a real server: the tree, rendered and raw
// views, an edit that meets a concurrent write (shown as a conflict, never overwritten),
// create, rename, delete, and Markdown from an agent that tries to run script.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, screenshot, signIn, startConsoleStack, type ConsoleStack } from "./consoleStack.ts";

let stack: ConsoleStack;
let storeId: string;
let noteId: string;

const XSS = [
  "# Innocent title",
  "",
  '<img src="x" onerror="window.__xss = 1">',
  "<script>window.__xss = 2</script>",
  "[click me](javascript:window.__xss=3)",
  '<a href="#" onclick="window.__xss = 4">also me</a>',
  '<iframe srcdoc="<script>parent.__xss = 5</script>"></iframe>',
  '<svg><script>window.__xss = 6</script></svg>',
  '<img src="https://example.invalid/beacon.png">',
].join("\n");

beforeAll(async () => {
  stack = await startConsoleStack();
  const store = await stack.client.beta.memoryStores.create({ name: "Agent memory" });
  storeId = store.id;
  const mem = stack.client.beta.memoryStores.memories;
  const note = await mem.create(storeId, { path: "/notes/editor.md", content: "# Editor\n\nprefers **vim**\nline three\n" });
  noteId = note.id;
  await mem.create(storeId, { path: "/notes/deep/shell.md", content: "zsh" });
  await mem.create(storeId, { path: "/top.md", content: "top" });
  await mem.create(storeId, { path: "/evil.md", content: XSS });
});
afterAll(async () => {
  await stack?.close();
});

async function openStore(page: Page): Promise<void> {
  await page.getByRole("link", { name: "Agent memory" }).click();
  await page.getByRole("navigation", { name: "Memories by path" }).waitFor();
}

describe("console: memories", () => {
  it("browses the tree folder by folder and shows a memory rendered and raw, with size and sha256", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await openStore(page);
    const tree = page.getByRole("navigation", { name: "Memories by path" });
    await tree.getByRole("link", { name: "top.md" }).waitFor();
    expect(await tree.getByRole("link", { name: "editor.md" }).count()).toBe(0);
    const notes = tree.getByRole("button", { name: "notes/" });
    expect(await notes.getAttribute("aria-expanded")).toBe("false");
    await notes.click();
    expect(await notes.getAttribute("aria-expanded")).toBe("true");
    await tree.getByRole("button", { name: "deep/" }).waitFor();
    await tree.getByRole("link", { name: "editor.md" }).click();
    await page.getByRole("heading", { name: "Editor", level: 1 }).waitFor();
    const memory = await stack.client.beta.memoryStores.memories.retrieve(noteId, { memory_store_id: storeId });
    expect(await page.locator("dl.facts").textContent()).toContain(memory.content_sha256);
    expect(await page.locator("dl.facts").textContent()).toContain(`${memory.content_size_bytes} bytes`);
    expect(await page.locator(".markdown strong").textContent()).toBe("vim");
    await screenshot(page, "03-memory");
    await page.getByRole("button", { name: "Raw" }).click();
    expect(await page.getByLabel("Raw content").textContent()).toBe(memory.content);
    await context.close();
  });

  it("refuses to overwrite a concurrent change: the conflict is shown with a diff, then saved on top of it", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/memories/${noteId}`);
    await page.getByRole("button", { name: "Edit" }).click();
    const box = page.getByLabel("Content", { exact: true });
    await box.fill("# Editor\n\nprefers **helix**\nline three\n");
    // Meanwhile an agent writes the memory.
    await stack.client.beta.memoryStores.memories.update(noteId, { memory_store_id: storeId, content: "# Editor\n\nprefers **vim**\nline three\nagent line\n" });
    await page.getByRole("button", { name: "Save" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Not saved" });
    await alert.waitFor();
    const meanwhile = page.getByRole("table", { name: "Changes made meanwhile" });
    expect(await meanwhile.locator("td.diff-add").allTextContents()).toEqual([expect.stringContaining("agent line")]);
    const mine = page.getByRole("table", { name: "Your edit against the newer version" });
    expect((await mine.locator("td.diff-del").allTextContents()).join("\n")).toContain("agent line");
    expect((await mine.locator("td.diff-add").allTextContents()).join("\n")).toContain("helix");
    await screenshot(page, "04-edit-conflict");
    let stored = await stack.client.beta.memoryStores.memories.retrieve(noteId, { memory_store_id: storeId });
    expect(stored.content).toContain("agent line");
    expect(stored.content).not.toContain("helix");

    await page.getByRole("button", { name: "Keep editing on the newer version" }).click();
    await box.fill("# Editor\n\nprefers **helix**\nline three\nagent line\n");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Edit" }).waitFor();
    stored = await stack.client.beta.memoryStores.memories.retrieve(noteId, { memory_store_id: storeId });
    expect(stored.content).toBe("# Editor\n\nprefers **helix**\nline three\nagent line\n");
    await context.close();
  });

  it("renders an agent's Markdown without running its scripts or loading remote images", async () => {
    const { context, page, errors } = await stack.open();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await signIn(page, ADMIN_KEY);
    await openStore(page);
    await page.getByRole("link", { name: "evil.md" }).click();
    await page.getByRole("heading", { name: "Innocent title" }).waitFor();
    const md = page.locator(".markdown");
    expect(await md.locator("script, iframe, svg").count()).toBe(0);
    expect(await md.locator("[onerror], [onclick]").count()).toBe(0);
    const hrefs = await md.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs.filter((h) => h?.startsWith("javascript:"))).toEqual([]);
    await md.getByText("click me").click();
    await md.getByText("also me").click();
    expect(await page.evaluate("window.__xss")).toBeUndefined();
    expect(requests.filter((u) => !u.startsWith(stack.url))).toEqual([]);
    // The second wall: had the sanitiser let a handler through, the page's CSP refuses to run it.
    const violation = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true });
      document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="window.__xss = 7">');
    })`);
    expect(violation).toMatch(/^script-src/);
    expect(await page.evaluate("window.__xss")).toBeUndefined();
    expect(errors.filter((e) => !/Content Security Policy|ERR_/.test(e))).toEqual([]);
    await context.close();
  });

  it("creates, renames and deletes a memory", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await openStore(page);
    await page.getByRole("link", { name: "New memory" }).click();
    await page.getByLabel("Path", { exact: true }).fill("/people/ada.md");
    await page.getByLabel("Content", { exact: true }).fill("Ada likes short answers");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "/people/ada.md" }).waitFor();
    await page.getByRole("navigation", { name: "Memories by path" }).getByRole("link", { name: "ada.md" }).waitFor();

    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByRole("dialog").getByLabel("New path").fill("/people/ada-lovelace.md");
    await page.getByRole("dialog").getByRole("button", { name: "Rename" }).click();
    await page.getByRole("heading", { name: "/people/ada-lovelace.md" }).waitFor();

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete memory" }).click();
    await page.getByText("Choose a memory on the left").waitFor();
    const paths = (await stack.client.beta.memoryStores.memories.list(storeId)).data.map((m) => (m as { path: string }).path);
    expect(paths).not.toContain("/people/ada-lovelace.md");
    await context.close();
  });

  it("offers a read-only key no way to write a memory", async () => {
    const readOnly = await stack.key("read_only");
    const { context, page } = await stack.open();
    await signIn(page, readOnly);
    await page.goto(`/console#/stores/${storeId}/memories/${noteId}`);
    await page.getByRole("heading", { name: "/notes/editor.md" }).waitFor();
    await page.getByRole("heading", { name: /read only/ }).waitFor();
    for (const name of ["Edit", "Rename", "Delete"]) expect(await page.getByRole("button", { name, exact: true }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "New memory" }).count()).toBe(0);
    await screenshot(page, "10-read-only-memory");
    await context.close();
  });
});
