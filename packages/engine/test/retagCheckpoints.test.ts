// Redaction rewrites `main`; checkpoint tags must follow to the new commits (unit test of the
// helper the rewrite calls: the index in, new tag objects out).
import { expect, it } from "vitest";
import { Catalog } from "../src/catalog/catalog.ts";
import { parseCheckpointTag } from "../src/model/tagObject.ts";
import { retagCheckpoints } from "../src/history/retagCheckpoints.ts";

it("re-makes each tag whose version has a new commit, same name and trailers, and leaves the others", () => {
  const catalog = new Catalog(":memory:");
  const v = (n: string) => `memver_${n.repeat(40)}`;
  const base = { at: 1_000, created_at: 2_000, actor_type: "api_actor", actor_id: "apikey_1" };
  catalog.upsertCheckpoint({ name: "moved", tag_oid: "a".repeat(40), version_id: v("1"), ...base });
  catalog.upsertCheckpoint({ name: "older", tag_oid: "b".repeat(40), version_id: v("2"), ...base });
  catalog.upsertCheckpoint({ name: "foreign", tag_oid: "c".repeat(40), version_id: null, at: null, created_at: null, actor_type: null, actor_id: null });
  const r = retagCheckpoints(catalog, new Map([[v("1"), "d".repeat(40)]]));
  expect([...r.refs.keys()]).toEqual(["refs/tags/moved"]);
  expect(parseCheckpointTag(r.objects[0]!.content)).toEqual({
    name: "moved",
    commit: "d".repeat(40),
    versionId: v("1"),
    atMs: 1_000,
    actor: { type: "api_actor", apiKeyId: "apikey_1" },
    createdAtMs: 2_000,
  });
  expect(r.rows).toEqual([{ name: "moved", tag_oid: r.objects[0]!.oid, version_id: v("1"), ...base }]);
  catalog.close();
});
