// A memory named by its `/memories/...` path: the live one there, or else the newest memory
// that had that path among the store's recent versions (so a deleted file can be restored).
import type Anthropic from "@anthropic-ai/sdk";
import { toStorePath, type StoreClient } from "@memgit/files";

/** How far back a path is looked for among versions when no live memory has it. */
const VERSION_PAGES = 10;

export async function findMemory(sdk: Anthropic, client: StoreClient, storeId: string, toolPath: string): Promise<{ id: string; path: string; live: boolean }> {
  const path = toStorePath(toolPath);
  if (path === "") throw new Error("/memories is the store's root directory, not a memory file");
  const live = (await client.list(storeId)).find((e) => e.path === path);
  if (live) return { id: live.id, path, live: true };
  let page = await sdk.beta.memoryStores.memoryVersions.list(storeId, { limit: 100 });
  for (let i = 0; i < VERSION_PAGES; i++) {
    const hit = page.data.find((v) => v.path === path);
    if (hit) return { id: hit.memory_id, path, live: false };
    if (!page.hasNextPage()) break;
    page = await page.getNextPage();
  }
  throw new Error(`The path ${toolPath} does not exist and no recent version had it.`);
}
