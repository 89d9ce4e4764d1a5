// Kernel caching never hides another writer's change past the documented bound (decision 0021:
// 1 s kernel entry/attribute cache + 1 s listing cache), also for a change that keeps the
// file's size while a reader keeps its pages hot.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { byPath, eventually, sh, spawnIn, startStack, type Stack } from "./stack.ts";

let stack: Stack;
let store: string;
let a: string;

beforeAll(async () => {
  stack = await startStack();
  store = await stack.newStore("Staleness");
  a = join((await stack.mountStores({ stores: [{ id: store }] })).dir, "staleness");
});

afterAll(async () => {
  await stack?.close();
});

/** The documented bound, plus room for the listing request itself on a busy machine. */
const BOUND_MS = 2000;
const SLACK_MS = 1000;

it("an API change of the same size is read through the mount once the bound has passed, while a reader keeps the file cached", async () => {
  await sh("printf 'aaaa\\n' > same.md", a);
  const reader = spawnIn(a, "bash", ["-c", "while true; do cat same.md; sleep 0.05; done"]);
  let seen = "";
  reader.stdout.on("data", (d: Buffer) => (seen = d.toString()));
  try {
    expect(await eventually(async () => seen.endsWith("aaaa\n"))).toBe(true);
    const mem = await byPath(stack.sdk, store, "/same.md");
    await stack.sdk.beta.memoryStores.memories.update(mem!.id, { memory_store_id: store, content: "bbbb\n" });
    await new Promise((r) => setTimeout(r, BOUND_MS + SLACK_MS));
    expect((await sh("cat same.md", a)).stdout).toBe("bbbb\n");
    expect(await eventually(async () => seen.endsWith("bbbb\n"), 5000)).toBe(true);
  } finally {
    reader.kill();
  }
});
