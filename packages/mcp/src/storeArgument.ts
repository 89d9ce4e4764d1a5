// The `store` argument of every tool: optional with one store, one of the served stores' ids
// or slugs otherwise (write tools list only the writable ones).
import { z } from "zod";
import type { McpStore } from "./McpStore.ts";

export function storeArgument(stores: readonly McpStore[], forWrite: boolean): { store: z.ZodType<string | undefined> } {
  const usable = stores.filter((s) => !forWrite || !s.readOnly);
  const names = usable.flatMap((s) => (s.slug === s.id ? [s.id] : [s.slug, s.id]));
  const described = `The memory store: ${usable.map((s) => `${s.slug} (${s.name})`).join(", ")}.`;
  if (stores.length === 1 || names.length === 0) return { store: z.string().optional().describe(`${described} May be left out: there is one.`) };
  // Optional in the schema too: leaving it out gets an answer naming the choices (pickStore).
  return { store: z.enum(names as [string, ...string[]]).optional().describe(described) };
}
