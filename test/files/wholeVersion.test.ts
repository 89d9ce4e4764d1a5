// Each open serves one whole version, the one whose size the kernel holds (decision 0021,
// "Staleness bound"), even when the store moved on between `stat` and `open` (issue 10 item 10).
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { byPath, eventually, py, sh, startStack, type Stack } from "./stack.ts";

let stack: Stack;
let store: string;
let dir: string;

beforeAll(async () => {
  stack = await startStack();
  store = await stack.newStore("Whole Versions");
  const m = await stack.mountStores({ stores: [{ id: store }] });
  dir = join(m.dir, "whole-versions");
});
afterAll(async () => {
  await stack?.close();
});

const V1 = "hello";
const V2 = "version 2: " + "x".repeat(68) + "\n";

/** A 5-byte memory whose size the kernel has just cached (stat), then an 80-byte update over the API. */
async function changedAfterStat(path: string): Promise<void> {
  const mem = await stack.sdk.beta.memoryStores.memories.create(store, { path, content: V1 });
  // (a new memory shows up in the mount within the staleness bound)
  expect(await eventually(async () => (await sh(`stat -c %s .${path}`, dir)).stdout === "5\n")).toBe(true);
  await stack.sdk.beta.memoryStores.memories.update(mem.id, { memory_store_id: store, content: V2 });
}

it("cat right after the store changed prints one whole version, never the new one cut at the old size", async () => {
  await changedAfterStat("/torn.md");
  expect([V1, V2]).toContain((await sh("cat torn.md", dir)).stdout);
});

it("an append right after the store changed lands on the version it was sized against, or is refused", async () => {
  await changedAfterStat("/append.md");
  const r = await py(
    [
      "import errno",
      "try:",
      "    with open('append.md', 'a') as f: f.write('more\\n')",
      "    print('ok')",
      "except OSError as e:",
      "    print(errno.errorcode[e.errno])",
    ].join("\n"),
    dir,
  );
  const stored = (await byPath(stack.sdk, store, "/append.md"))?.content;
  // Appended to the 5 bytes the kernel knew (and refused, since the store moved on), or to all
  // 80: never written into the middle of the new version at the old size.
  if (r.stdout === "ok\n") expect([V1 + "more\n", V2 + "more\n"]).toContain(stored);
  else expect({ errno: r.stdout, stored }).toEqual({ errno: "EBUSY\n", stored: V2 });
});
