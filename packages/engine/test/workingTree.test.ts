// The incremental tree hashing (ids patched in place) must always equal hashing from scratch.
import { expect, it } from "vitest";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { WorkingTree, type MemoryLeaf } from "../src/model/workingTree.ts";

const leaf = (path: string, content: string): MemoryLeaf => ({
  kind: "file",
  memoryId: path,
  blobOid: createHash("sha1").update(content).digest("hex"),
  sha256: "",
  sizeBytes: content.length,
  versionId: "",
  createdAtMs: 0,
  updatedAtMs: 0,
});

const segment = fc.constantFrom("a", "b", "a.b", "a-", "é", "z", "a0");
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => "/" + s.join("/"));
const op = fc.record({ path, content: fc.option(fc.string({ maxLength: 3 }), { nil: null }) });

it("incremental tree ids equal ids computed from scratch after any sequence of changes", () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const tree = new WorkingTree();
      for (const { path, content } of ops) {
        if (content === null) tree.remove(path);
        else if (!tree.occupant(path, path)) tree.set(path, leaf(path, content));
        const fresh = new WorkingTree();
        for (const [p, l] of tree.entries()) fresh.set(p, l);
        expect(tree.writeTrees([])).toBe(fresh.writeTrees([]));
      }
    }),
    { numRuns: 300 },
  );
});
