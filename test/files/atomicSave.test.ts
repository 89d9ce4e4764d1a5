// Atomic saves through a real mount: a temp file written, closed and renamed over a memory is
// one `modified` version of that memory, and the temp file never reaches the store
// (docs/decisions/0025-atomic-saves-are-one-version.md).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byPath, eventually, py, sh, startStack, versions, type Stack } from "./stack.ts";

let stack: Stack;
let store: string;
let a: string;

beforeAll(async () => {
  stack = await startStack();
  store = await stack.newStore("Atomic Saves");
  a = join((await stack.mountStores({ stores: [{ id: store }] })).dir, "atomic-saves");
});

afterAll(async () => {
  await stack?.close();
});

const history = async (path: string) => {
  const mem = await byPath(stack.sdk, store, path);
  return { id: mem?.id, content: mem?.content, ops: (await versions(stack.sdk, store, { memory_id: mem!.id })).map((v) => v.operation) };
};

/** Paths that have a version in the store. */
const pathsWritten = async () => new Set((await versions(stack.sdk, store)).map((v) => v.path));

describe("atomic saves are one version", () => {
  const saves: Record<string, string> = {
    "sed -i": "sed -i 's/v1/v2/' FILE",
    "vim's save": "vim -N -u NONE -i NONE -E -s -c 'set backupcopy=auto' -c '%s/v1/v2/' -c 'wq' FILE < /dev/null",
    "a lock file renamed into place": "printf 'v2\\n' > FILE.lock && mv FILE.lock FILE",
    "a hidden .tmp file renamed over": "printf 'v2\\n' > .FILE.tmp && mv .FILE.tmp FILE",
  };
  for (const [tool, script] of Object.entries(saves)) {
    it(tool, async () => {
      const file = tool.replace(/\W+/g, "-") + ".md";
      await sh(`printf 'v1\\n' > ${file}`, a);
      const before = await history(`/${file}`);
      const known = await pathsWritten();
      expect(await sh(script.replaceAll("FILE", file), a)).toMatchObject({ code: 0 });
      expect(await history(`/${file}`)).toEqual({ id: before.id, content: "v2\n", ops: ["created", "modified"] });
      expect([...(await pathsWritten())].filter((p) => !known.has(p))).toEqual([]); // the temp file has none
    });
  }

  it("Python's temp file (flushed, fsynced) then os.replace", async () => {
    await sh("printf 'v1\\n' > py.md", a);
    const before = await history("/py.md");
    const known = await pathsWritten();
    const save = ["import os, tempfile", "with tempfile.NamedTemporaryFile('w', dir='.', delete=False) as f:", "    f.write('v2\\n'); f.flush(); os.fsync(f.fileno())", "os.replace(f.name, 'py.md')", "print(open('py.md').read(), end='')"];
    expect(await py(save.join("\n"), a)).toMatchObject({ code: 0, stdout: "v2\n" });
    expect(await history("/py.md")).toEqual({ id: before.id, content: "v2\n", ops: ["created", "modified"] });
    expect([...(await pathsWritten())].filter((p) => !known.has(p))).toEqual([]);
  });

  it("a temp-named file not renamed is written after the hold; one removed first never is", async () => {
    expect(await sh("printf 'kept\\n' > kept.tmp && printf 'x\\n' > gone.lock && rm gone.lock", a)).toMatchObject({ code: 0 });
    expect(await eventually(async () => (await byPath(stack.sdk, store, "/kept.tmp")) !== undefined)).toBe(true);
    expect(await history("/kept.tmp")).toMatchObject({ content: "kept\n", ops: ["created"] });
    expect((await versions(stack.sdk, store)).filter((v) => v.path === "/gone.lock")).toEqual([]);
  });

  it("an unmount writes the temp files still held", async () => {
    const other = await stack.mountStores({ stores: [{ id: store }] });
    await sh("printf 'late\\n' > late.tmp", join(other.dir, "atomic-saves"));
    expect(await other.unmount()).toEqual([]);
    expect((await byPath(stack.sdk, store, "/late.tmp"))?.content).toBe("late\n");
  });
});
