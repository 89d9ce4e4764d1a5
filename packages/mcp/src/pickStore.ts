// Which served store a tool call means: its `store` argument (an id or a slug), or the only
// store when there is one.
import type { McpStore } from "./McpStore.ts";

export function pickStore(stores: readonly McpStore[], arg: string | undefined, forWrite: boolean): McpStore {
  const names = stores.map((s) => `${s.slug} (${s.id}${s.readOnly ? ", read-only" : ""})`).join(", ");
  let store: McpStore | undefined;
  if (arg === undefined || arg === "") {
    if (stores.length !== 1) throw new Error(`Several memory stores are attached; pass "store" as one of: ${names}`);
    store = stores[0];
  } else {
    store = stores.find((s) => s.id === arg || s.slug === arg);
    if (!store) throw new Error(`No attached memory store is called ${JSON.stringify(arg)}; attached: ${names || "none"}`);
  }
  if (forWrite && store!.readOnly) throw new Error(`The memory store ${store!.slug} (${store!.id}) is attached read-only; nothing was changed.`);
  return store!;
}
