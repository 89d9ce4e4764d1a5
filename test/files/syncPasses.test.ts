// `memgit sync` runs one pass at a time, and finishing waits for the pass in progress (issue 10
// item 12): the SDK's sync engine is not safe for concurrent use. A real server; the SDK's
// transport holds a store listing to keep a pass in progress for as long as the test needs.
import Anthropic from "@anthropic-ai/sdk";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSync, type SyncSession } from "@memgit/files";
import { startStack, type Stack } from "./stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

/** Store listings through the SDK: how many run at once, and a way to hold the next one. */
function listingGate() {
  let inFlight = 0;
  let maxInFlight = 0;
  let hold: { reached: () => void; released: Promise<void> } | null = null;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const listing = (init?.method ?? "GET") === "GET" && url.pathname.endsWith("/memories");
    if (!listing) return globalThis.fetch(input, init);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      const h = hold;
      hold = null;
      if (h) {
        h.reached();
        await h.released;
      }
      return await globalThis.fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  return {
    fetch,
    maxInFlight: () => maxInFlight,
    /** Holds the next listing; resolves once it is held, with the function that lets it go. */
    holdNext(): Promise<() => void> {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      return new Promise((reached) => (hold = { reached: () => reached(release), released }));
    },
  };
}

async function syncWithGate(name: string): Promise<{ sync: SyncSession; gate: ReturnType<typeof listingGate>; root: string }> {
  const gate = listingGate();
  const sdk = new Anthropic({ apiKey: stack.key, baseURL: stack.url, maxRetries: 0, fetch: gate.fetch });
  const store = await stack.newStore(name);
  await stack.sdk.beta.memoryStores.memories.create(store, { path: "/a.md", content: "a\n" });
  const slug = name.toLowerCase().replace(/ /g, "-");
  const sync = await startSync({ sdk, stores: [{ id: store, name, slug, readOnly: false, mountPath: null }], dir: join(stack.tmp, slug), intervalMs: 3_600_000 });
  return { sync, gate, root: sync.roots[0]! };
}

/** Whether `p` settles before `ms` pass: gives a wrong overlap its chance to show. */
const settlesWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

it("a pass asked for while one runs waits for it: never two at once", async () => {
  const { sync, gate } = await syncWithGate("One Pass");
  const held = gate.holdNext();
  const first = sync.syncNow();
  const release = await held;
  const second = sync.syncNow();
  expect(await settlesWithin(second, 1000)).toBe(false);
  release();
  await Promise.all([first, second]);
  expect(gate.maxInFlight()).toBe(1);
  await sync.finish();
});

it("finish waits for the pass in progress before its final sync and removing the folder", async () => {
  const { sync, gate, root } = await syncWithGate("Finish Waits");
  const held = gate.holdNext();
  const pass = sync.syncNow();
  const release = await held;
  const finished = sync.finish();
  expect(await settlesWithin(finished, 1000)).toBe(false);
  expect(existsSync(root)).toBe(true);
  release();
  await Promise.all([pass, finished]);
  expect(gate.maxInFlight()).toBe(1);
  expect(existsSync(root)).toBe(false);
});
