// The Backups tab: the clone command to copy, and a store's backup remotes with their status
// (admin keys), pushed from the console.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, screenshot, signIn, startConsoleStack, type ConsoleStack } from "./consoleStack.ts";

const backupRoot = mkdtempSync(join(tmpdir(), "memgit-console-backups-"));

let stack: ConsoleStack;
let storeId: string;

beforeAll(async () => {
  // Where this server may push backups (the operator's setting; docs/decisions/0052).
  process.env.MEMGIT_BACKUP_ROOT = backupRoot;
  stack = await startConsoleStack();
  storeId = (await stack.client.beta.memoryStores.create({ name: "Backed up" })).id;
  await stack.client.beta.memoryStores.memories.create(storeId, { path: "/a.md", content: "a" });
});
afterAll(async () => {
  delete process.env.MEMGIT_BACKUP_ROOT;
  await stack?.close();
});

describe("console: backups", () => {
  it("offers the clone command for the store", async () => {
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/backups`);
    const clone = page.getByLabel("Clone command");
    await clone.waitFor();
    expect(await clone.inputValue()).toBe(`git clone ${stack.url}/git/${storeId}.git ${storeId}`);
    await context.close();
  });

  it("lists the store's remotes with their status and pushes one now", async () => {
    await stack.client.post(`/v1/memory_stores/${storeId}/remotes`, { body: { name: "nas", url: join(backupRoot, "backed-up.git") } });
    const { context, page } = await stack.open();
    await signIn(page, ADMIN_KEY);
    await page.goto(`/console#/stores/${storeId}/backups`);
    const row = page.getByRole("row", { name: /nas/ });
    await row.waitFor();
    await row.getByRole("button", { name: "Push to nas now" }).click();
    await expect.poll(() => row.locator("td").nth(1).textContent()).not.toBe("—");
    const { data } = (await stack.client.get(`/v1/memory_stores/${storeId}/remotes`)) as { data: { name: string; last_success_at: string | null }[] };
    expect(data[0]!.last_success_at).not.toBeNull();
    await screenshot(page, "17-backups");

    const readOnly = await stack.key("read_only");
    const other = await stack.open();
    await signIn(other.page, readOnly);
    await other.page.goto(`/console#/stores/${storeId}/backups`);
    await other.page.getByText("Backup remotes are shown to admin keys.").waitFor();
    expect(await other.page.getByRole("button", { name: /Push/ }).count()).toBe(0);
    await other.context.close();
    await context.close();
  });
});
