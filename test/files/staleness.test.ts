// Kernel caching never hides another writer's change past the documented bound (decision 0021:
// 1 s kernel entry/attribute cache + 1 s listing cache), also for a change that keeps the
// file's size while a reader keeps its pages hot; and an unchanged store is not listed again
// in full to learn that (decision 0026).
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { StoreClient } from "@memgit/files";
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

it("an unchanged store is checked by its newest versions, not listed again in full; others' writes still show up", async () => {
  const quiet = await stack.newStore("Quiet Store");
  for (let i = 0; i < 30; i++) await stack.sdk.beta.memoryStores.memories.create(quiet, { path: `/n${i}.md`, content: `note ${i}\n` });
  let fullListings = 0;
  const counting: StoreClient = { ...stack.client, list: (id, o) => (fullListings++, stack.client.list(id, o)) };
  const q = join((await stack.mountStores({ stores: [{ id: quiet, client: counting }] })).dir, "quiet-store");
  const past = () => new Promise((r) => setTimeout(r, 1100 + SLACK_MS)); // past both caches
  expect((await sh("cat n1.md", q)).stdout).toBe("note 1\n");
  const first = fullListings;
  expect(first).toBeGreaterThan(0);
  // Nothing changed, and our own writes (a create, an update, a rename) are known to the mount.
  await past();
  expect((await sh("ls | wc -l && echo mine > mine.md && echo again >> mine.md && mv mine.md mine2.md", q)).stdout).toBe("30\n");
  await past();
  expect((await sh("cat n2.md mine2.md", q)).stdout).toBe("note 2\nmine\nagain\n");
  expect(fullListings).toBe(first);
  // Another writer's change: seen from the newest versions, then listed in full.
  const n3 = await byPath(stack.sdk, quiet, "/n3.md");
  await stack.sdk.beta.memoryStores.memories.update(n3!.id, { memory_store_id: quiet, content: "changed\n" });
  await stack.sdk.beta.memoryStores.memories.create(quiet, { path: "/theirs.md", content: "theirs\n" });
  await new Promise((r) => setTimeout(r, BOUND_MS + SLACK_MS));
  expect((await sh("cat n3.md theirs.md", q)).stdout).toBe("changed\ntheirs\n");
  expect(fullListings).toBe(first + 1);
});
