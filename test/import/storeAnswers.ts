// Everything the API answers about one store, through the official SDK: the store, every
// memory (listed and retrieved, with content), every version (listed and retrieved, with
// content), every checkpoint. Two servers holding the same store answer the same.
import type Anthropic from "@anthropic-ai/sdk";

export async function storeAnswers(client: Anthropic, storeId: string): Promise<Record<string, unknown>> {
  const stores = client.beta.memoryStores;
  const store = await stores.retrieve(storeId);
  const memories = [];
  for await (const m of stores.memories.list(storeId, { view: "full" })) memories.push(m);
  const retrieved = [];
  for (const m of memories) if (m.type === "memory") retrieved.push(await stores.memories.retrieve(m.id, { memory_store_id: storeId, view: "full" }));
  const versions = [];
  for await (const v of stores.memoryVersions.list(storeId, { view: "full" } as never)) versions.push(v);
  const versionsRetrieved = [];
  for (const v of versions) versionsRetrieved.push(await stores.memoryVersions.retrieve(v.id, { memory_store_id: storeId, view: "full" }));
  const checkpoints = await client.get(`/v1/memory_stores/${storeId}/checkpoints`, { query: { limit: 100 } });
  return { store, memories, retrieved, versions, versionsRetrieved, checkpoints };
}
