// A memory named on the command line by its id (`mem_…`) or its path (`/notes/a.md`, or
// `notes/a.md`: the leading slash is implied).
import Anthropic from "@anthropic-ai/sdk";
import { CliError } from "./CliError.ts";

export type Memory = Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory;

export const isMemoryId = (ref: string) => ref.startsWith("mem_");
export const asPath = (ref: string) => (ref.startsWith("/") ? ref : `/${ref}`);

/** The live memory at a path, or null: one listing of its folder (depth 1). */
export async function memoryAtPath(sdk: Anthropic, storeId: string, path: string): Promise<Memory | null> {
  const folder = path.slice(0, path.lastIndexOf("/") + 1);
  for await (const item of sdk.beta.memoryStores.memories.list(storeId, { path_prefix: folder, depth: 1, limit: 100 }))
    if (item.type === "memory" && item.path === path) return item;
  return null;
}

/** The memory `ref` names, with its content; a CliError when there is none. */
export async function findMemory(sdk: Anthropic, storeId: string, ref: string): Promise<Memory> {
  const memories = sdk.beta.memoryStores.memories;
  if (isMemoryId(ref)) return memories.retrieve(ref, { memory_store_id: storeId, view: "full" });
  const found = await memoryAtPath(sdk, storeId, asPath(ref));
  if (!found) throw new CliError(`no memory at ${asPath(ref)} in ${storeId}`);
  return memories.retrieve(found.id, { memory_store_id: storeId, view: "full" });
}
