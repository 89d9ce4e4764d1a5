// History in the console, in Chromium against a real server: the timeline and its filters, a
// version's diff, restoring a memory and the whole store (each after a preview), redaction
// (the row stays, marked redacted), checkpoints, and what a read-only key is not offered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, screenshot, signIn, startConsoleStack, type ConsoleStack } from "./consoleStack.ts";

let stack: ConsoleStack;
let storeId: string;
let aId: string;
let firstVersion: string;
/** When "three" was written: a point in history given as a time. */
let threeAt: string;

interface Version {
  id: string;
  operation: string;
  redacted_at: string | null;
  content: string | null;
}

beforeAll(async () => {
  stack = await startConsoleStack();
  const store = await stack.client.beta.memoryStores.create({ name: "History" });
  storeId = store.id;
  const mem = stack.client.beta.memoryStores.memories;
  const a = await mem.create(storeId, { path: "/a.md", content: "one\n" });
  aId = a.id;
  firstVersion = a.memory_version_id;
  await mem.update(aId, { memory_store_id: storeId, content: "two\n" });
  await stack.client.post(`/v1/memory_stores/${storeId}/checkpoints`, { body: { name: "before" } });
  threeAt = (await mem.update(aId, { memory_store_id: storeId, content: "three\n" })).updated_at;
  await mem.create(storeId, { path: "/b.md", content: "bee\n" });
});
afterAll(async () => {
  await stack?.close();
});

const content = async (id: string) => (await stack.client.beta.memoryStores.memories.retrieve(id, { memory_store_id: storeId })).content;

describe("console: history", () => {
  it("lists the store's timeline and filters it by operation", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/history`);
    const rows = page.getByRole("table", { name: "Versions, newest first" }).locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(4);
    await screenshot(page, "05-history");
    await page.getByLabel("Operation").selectOption("created");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(page.url()).toContain("operation=created");
    await context.close();
  });

  it("shows a version's diff and restores the memory to it after a preview", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/history/${firstVersion}`);
    const diff = page.getByRole("table", { name: "Changes in this version" });
    await diff.waitFor();
    expect(await diff.locator("td.diff-add").allTextContents()).toEqual([expect.stringContaining("one")]);
    await screenshot(page, "06-version");
    await page.getByRole("button", { name: "Restore memory to this version" }).click();
    const dialog = page.getByRole("dialog");
    const preview = dialog.getByRole("table", { name: "What restoring changes" });
    await preview.waitFor();
    expect((await preview.locator("td.diff-del").allTextContents()).join()).toContain("three");
    expect((await preview.locator("td.diff-add").allTextContents()).join()).toContain("one");
    await dialog.getByRole("button", { name: "Restore" }).click();
    await page.getByRole("heading", { name: "/a.md" }).waitFor();
    expect(await content(aId)).toBe("one\n");
    await context.close();
  });

  it("diffs two points of the store side by side", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/diff`);
    await page.getByLabel("From").fill("before");
    await page.getByRole("button", { name: "Show diff" }).click();
    await page.getByRole("region", { name: "created /b.md" }).waitFor();
    await page.getByRole("region", { name: "modified /a.md" }).waitFor();
    await page.getByRole("button", { name: "Side by side" }).click();
    await page.locator("table.diff-split").first().waitFor();
    await screenshot(page, "07-store-diff");
    await context.close();
  });

  it("restores the whole store to a checkpoint after previewing every change", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/checkpoints`);
    await page.getByRole("link", { name: "Restore…" }).click();
    await page.getByRole("region", { name: "deleted /b.md" }).waitFor();
    await page.getByRole("region", { name: "modified /a.md" }).waitFor();
    await screenshot(page, "08-restore-preview");
    await page.getByRole("button", { name: "Restore store to before" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Restore store" }).click();
    await page.locator("main").getByText(/2 versions written/).waitFor();
    expect(await content(aId)).toBe("two\n");
    const paths = (await stack.client.beta.memoryStores.memories.list(storeId)).data.map((m) => (m as { path: string }).path);
    expect(paths).toEqual(["/a.md"]);
    await context.close();
  });

  it("redacts a version with an admin key; the row stays in the timeline, marked redacted", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/history/${firstVersion}`);
    await page.getByRole("button", { name: "Redact" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.textContent()).toContain(firstVersion);
    await dialog.getByRole("button", { name: "Redact" }).click();
    await page.getByText("were redacted").waitFor();
    const v = (await stack.client.get(`/v1/memory_stores/${storeId}/memory_versions/${firstVersion}`)) as Version;
    expect(v.redacted_at).not.toBeNull();
    expect(v.content).toBeNull();
    await page.goto(`/console#/stores/${storeId}/history?memory_id=${aId}`);
    const row = page.locator("tr.redacted");
    await row.waitFor();
    expect(await row.textContent()).toContain("redacted");
    await context.close();
  });

  it("creates and deletes a checkpoint", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/checkpoints`);
    await page.getByLabel("New checkpoint name").fill("after-restore");
    await page.getByRole("button", { name: "Create checkpoint" }).click();
    await page.getByRole("rowheader", { name: "after-restore" }).waitFor();
    await screenshot(page, "11-checkpoints");
    await page.getByRole("button", { name: "Delete checkpoint after-restore" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete checkpoint" }).click();
    await page.getByRole("rowheader", { name: "after-restore" }).waitFor({ state: "detached" });
    const { data } = (await stack.client.get(`/v1/memory_stores/${storeId}/checkpoints`)) as { data: { name: string }[] };
    expect(data.map((c) => c.name)).toEqual(["before"]);
    await context.close();
  });

  it("restores one memory to a point given as a time, after a preview", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/memories/${aId}`);
    await page.getByLabel("Restore this memory to").fill(threeAt);
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("table", { name: "What restoring to the point changes" });
    await preview.waitFor();
    expect(await preview.locator("td.diff-add").allTextContents()).toEqual([expect.stringContaining("three")]);
    await page.getByRole("button", { name: `Restore to ${threeAt}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
    await expect.poll(() => content(aId)).toBe("three\n");
    await context.close();
  });

  it("offers a read-only key no restore, redaction or checkpoint controls", async () => {
    const readOnly = await stack.key("read_only");
    const { context, page } = await stack.open();
    await signIn(page, readOnly);
    const versions = (await stack.client.get(`/v1/memory_stores/${storeId}/memory_versions`, { query: { memory_id: aId } })) as { data: Version[] };
    const live = versions.data.find((v) => v.redacted_at === null && v.operation !== "deleted")!;
    await page.goto(`/console#/stores/${storeId}/history/${live.id}`);
    await page.getByRole("table", { name: "Changes in this version" }).waitFor();
    expect(await page.getByRole("button", { name: /Restore|Redact/ }).count()).toBe(0);
    await page.goto(`/console#/stores/${storeId}/checkpoints`);
    await page.getByRole("rowheader", { name: "before" }).waitFor();
    expect(await page.getByRole("button", { name: /Create checkpoint|Delete/ }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Restore…" }).count()).toBe(0);
    await page.goto(`/console#/stores/${storeId}/memories/${aId}`);
    await page.getByRole("heading", { name: "/a.md" }).waitFor();
    expect(await page.getByLabel("Restore this memory to").count()).toBe(0);
    await page.goto(`/console#/stores/${storeId}/restore?point=before`);
    await page.getByRole("heading", { name: "What restoring to before changes" }).waitFor();
    expect(await page.getByRole("button", { name: /Restore store/ }).count()).toBe(0);
    await context.close();
  });
});
