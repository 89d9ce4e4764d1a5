// Memgit.onChange (issue 12, backup by push): a listener hears every acknowledged write, every
// history replacement and every store deletion, and nothing else; a listener that throws does
// not fail the write it was told about.
import { afterEach, expect, it } from "vitest";
import { Memgit, type StoreChange } from "../src/index.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_test" } as const;
const opened: Memgit[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

it("tells listeners of writes, rewrites and deletes, not of reads; a throwing listener changes nothing", async () => {
  const mg = await Memgit.open({ memory: true, retention: { days: 0, intervalMs: 0 } });
  opened.push(mg);
  const heard: Array<[string, StoreChange]> = [];
  mg.onChange(() => {
    throw new Error("a listener's own failure");
  });
  const stop = mg.onChange((id, change) => heard.push([id, change]));

  const store = await mg.createStore({ name: "s", owner: null });
  const first = await mg.createMemory(store.id, { path: "/a.md", content: "one", actor });
  await mg.updateMemory(store.id, first.memory.id, { content: "two", actor });
  expect(heard).toEqual([
    [store.id, "write"],
    [store.id, "write"],
  ]);

  heard.length = 0;
  await mg.listMemories(store.id);
  await mg.getVersion(store.id, first.version!.id);
  expect(heard).toEqual([]);

  await mg.updateStore(store.id, { name: "renamed" });
  await mg.createCheckpoint(store.id, { name: "mark", actor });
  expect(heard).toEqual([
    [store.id, "write"],
    [store.id, "write"],
  ]);

  heard.length = 0;
  await mg.deleteCheckpoint(store.id, "mark");
  heard.length = 0;
  await mg.redactVersion(store.id, first.version!.id, actor);
  expect(heard.map(([, c]) => c)).toContain("rewrite");

  heard.length = 0;
  const pruned = await mg.prune(store.id);
  expect(pruned.prunedVersions).toBeGreaterThan(0);
  expect(heard).toEqual([[store.id, "rewrite"]]);

  heard.length = 0;
  await mg.deleteStore(store.id);
  expect(heard).toEqual([[store.id, "deleted"]]);

  stop();
  const other = await mg.createStore({ name: "t", owner: null });
  await mg.createMemory(other.id, { path: "/b.md", content: "x", actor });
  expect(heard).toEqual([[store.id, "deleted"]]);
});
